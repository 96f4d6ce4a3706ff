/**
 * Each handler's environment, validated once at cold start (or when the local run binds a
 * handler to a function's recorded environment). A missing or malformed variable fails the
 * function at load with the variable's name, not mid-run.
 */
import * as z from "zod/mini";
import { HandlerEnv } from "./handler-env";

const jsonOf = <T extends z.ZodMiniType>(schema: T) =>
    z.pipe(
        z.string(),
        z.transform((s: string, ctx) => {
            try {
                return z.parse(schema, JSON.parse(s)) as z.infer<T>;
            } catch (e) {
                ctx.issues.push({ code: "custom", message: `must be JSON of the expected shape: ${(e as Error).message.slice(0, 200)}`, input: s });
                return z.NEVER;
            }
        }),
    );
const nonEmpty = () => z.string().check(z.minLength(1));
const positiveInt = () => z.coerce.number().check(z.int(), z.positive());
const provider = () => z._default(z.enum(["bedrock", "recorded", "dry-run"]), "bedrock");

const base = {
    [HandlerEnv.ArtifactBucket]: z.string().check(z.minLength(3)),
    [HandlerEnv.EnvName]: nonEmpty(),
    [HandlerEnv.MetricsNamespace]: nonEmpty(),
};
const repoScoped = { ...base, [HandlerEnv.Repo]: nonEmpty(), [HandlerEnv.Agent]: nonEmpty() };

export const envSchemas = {
    context: z.object({
        ...repoScoped,
        [HandlerEnv.AgentRoutes]: jsonOf(z.record(z.string(), z.array(z.string()))),
        [HandlerEnv.DefaultAgent]: nonEmpty(),
        [HandlerEnv.AgentAllowedPaths]: jsonOf(z.record(z.string(), z.array(z.string()))),
        [HandlerEnv.SubnetIds]: jsonOf(z.array(z.string())),
        [HandlerEnv.SecurityGroupIds]: jsonOf(z.array(z.string())),
    }),
    subagent: z.object({
        ...repoScoped,
        [HandlerEnv.ModelId]: nonEmpty(),
        [HandlerEnv.ModelProvider]: provider(),
        [HandlerEnv.AllowedPaths]: jsonOf(z.array(z.string()).check(z.minLength(1))),
        [HandlerEnv.MaxIterations]: positiveInt(),
        [HandlerEnv.MaxTokensPerTask]: positiveInt(),
        [HandlerEnv.SecretArn]: nonEmpty(),
    }),
    arbiter: z.object({
        ...repoScoped,
        [HandlerEnv.ModelId]: nonEmpty(),
        [HandlerEnv.ModelProvider]: provider(),
        [HandlerEnv.AgentAllowedPaths]: jsonOf(z.record(z.string(), z.array(z.string()))),
    }),
    merge: z.object({ ...repoScoped, [HandlerEnv.AgentAllowedPaths]: jsonOf(z.record(z.string(), z.array(z.string()))) }),
    dispatcher: z.object({
        ...base,
        [HandlerEnv.StateMachineArns]: jsonOf(z.record(z.string(), z.string())),
        [HandlerEnv.MaxRunningExecutions]: jsonOf(z.record(z.string(), z.number().check(z.int(), z.positive()))),
    }),
} as const;

export type EnvOf<K extends keyof typeof envSchemas> = z.infer<(typeof envSchemas)[K]>;

export class EnvError extends Error {
    override readonly name = "EnvError";
}

export function parseEnv<K extends keyof typeof envSchemas>(kind: K, env: Record<string, string | undefined>): EnvOf<K> {
    const r = z.safeParse(envSchemas[kind], env);
    if (!r.success) throw new EnvError(`${kind} handler environment: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    return r.data as EnvOf<K>;
}
