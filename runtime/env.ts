/**
 * Each handler's environment, validated once at cold start (or when the local run binds a
 * handler to a function's recorded environment). A missing or malformed variable fails the
 * function at load with the variable's name, not mid-run.
 */
import { z } from "zod";
import { HandlerEnv } from "./handler-env";

const jsonOf = <T extends z.ZodType>(schema: T) =>
    z.string().transform((s, ctx) => {
        try {
            return schema.parse(JSON.parse(s)) as z.infer<T>;
        } catch (e) {
            ctx.addIssue({ code: "custom", message: `must be JSON: ${(e as Error).message}` });
            return z.NEVER;
        }
    });

const base = {
    [HandlerEnv.ArtifactBucket]: z.string().min(3),
    [HandlerEnv.EnvName]: z.string().min(1),
    [HandlerEnv.MetricsNamespace]: z.string().min(1),
};
const repoScoped = { ...base, [HandlerEnv.Repo]: z.string().min(1), [HandlerEnv.Agent]: z.string().min(1) };

export const envSchemas = {
    context: z.object({
        ...repoScoped,
        [HandlerEnv.AgentRoutes]: jsonOf(z.record(z.string(), z.array(z.string()))),
        [HandlerEnv.DefaultAgent]: z.string().min(1),
        [HandlerEnv.AgentAllowedPaths]: jsonOf(z.record(z.string(), z.array(z.string()))),
        [HandlerEnv.SubnetIds]: jsonOf(z.array(z.string())),
        [HandlerEnv.SecurityGroupIds]: jsonOf(z.array(z.string())),
    }),
    subagent: z.object({
        ...repoScoped,
        [HandlerEnv.ModelId]: z.string().min(1),
        [HandlerEnv.ModelProvider]: z.enum(["bedrock", "recorded", "dry-run"]).default("bedrock"),
        [HandlerEnv.AllowedPaths]: jsonOf(z.array(z.string()).min(1)),
        [HandlerEnv.MaxIterations]: z.coerce.number().int().positive(),
        [HandlerEnv.MaxTokensPerTask]: z.coerce.number().int().positive(),
        [HandlerEnv.SecretArn]: z.string().min(1),
    }),
    arbiter: z.object({
        ...repoScoped,
        [HandlerEnv.ModelId]: z.string().min(1),
        [HandlerEnv.ModelProvider]: z.enum(["bedrock", "recorded", "dry-run"]).default("bedrock"),
        [HandlerEnv.AgentAllowedPaths]: jsonOf(z.record(z.string(), z.array(z.string()))),
    }),
    merge: z.object({ ...repoScoped, [HandlerEnv.AgentAllowedPaths]: jsonOf(z.record(z.string(), z.array(z.string()))) }),
    dispatcher: z.object({
        ...base,
        [HandlerEnv.StateMachineArns]: jsonOf(z.record(z.string(), z.string())),
        [HandlerEnv.MaxRunningExecutions]: jsonOf(z.record(z.string(), z.number().int().positive())),
    }),
} as const;

export type EnvOf<K extends keyof typeof envSchemas> = z.infer<(typeof envSchemas)[K]>;

export class EnvError extends Error {
    override readonly name = "EnvError";
}

export function parseEnv<K extends keyof typeof envSchemas>(kind: K, env: Record<string, string | undefined>): EnvOf<K> {
    const r = envSchemas[kind].safeParse(env);
    if (!r.success) throw new EnvError(`${kind} handler environment: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    return r.data as EnvOf<K>;
}
