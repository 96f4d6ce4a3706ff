/**
 * The one place that reads stack configuration. `loadConfig()` reads `Pulumi.<stack>.yaml` (with
 * the project defaults of `Pulumi.yaml`) once and returns a typed, validated object; components
 * take typed args and never read config themselves.
 *
 * `parseSupervisorConfig` is pure so that tests and the offline tools can validate a config
 * without the Pulumi runtime. A wrong config throws `ConfigError` before any resource is
 * registered, with the key and the fix in the message.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

/** Lambda's hard ceiling on a function's timeout. */
export const LAMBDA_MAX_TIMEOUT_SECONDS = 900;
/** Lambda's memory range (MB). */
export const LAMBDA_MEMORY_RANGE = { min: 128, max: 10240 } as const;
/** Time a run needs around its longest agent: context, arbiter and merge steps with their slack. */
export const FRAME_SECONDS = 60 + 180 + 300 + 3 * 30;
/** Step Functions Express workflows stop after five minutes. */
export const EXPRESS_MAX_DURATION_SECONDS = 300;

/** Names become parts of S3 prefixes, IAM resource patterns, tag values and execution names. */
const dnsLabel = z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/, "must be 1-32 lowercase letters, digits or '-', not starting or ending with '-'")
    .refine((s) => !s.includes("--"), "must not contain '--' (it separates repo and track in run ids)");

/** Valid Fargate cpu (vCPU units) to memory (MB) combinations. */
export const FARGATE_SIZES: Readonly<Record<number, readonly [number, number, number]>> = {
    // cpu: [min memory, max memory, step]
    256: [512, 2048, 512],
    512: [1024, 4096, 1024],
    1024: [2048, 8192, 1024],
    2048: [4096, 16384, 1024],
    4096: [8192, 30720, 1024],
    8192: [16384, 61440, 4096],
    16384: [32768, 122880, 8192],
};

const agentSchema = z.object({
    name: dnsLabel,
    kind: z.enum(["lambda", "fargate"]),
    /** Non-critical Fargate agents run on Fargate Spot with an on-demand fallback. */
    critical: z.boolean().default(true),
    modelId: z.string().min(1),
    timeoutSeconds: z.number().int().positive(),
    memoryMb: z.number().int().positive(),
    /** Fargate only: task CPU units. */
    cpu: z.number().int().optional(),
    reservedConcurrency: z.number().int().positive(),
    monthlyBudgetUsd: z.number().positive(),
    /** Globs (repo-relative) that this agent's patches may touch. */
    allowedPaths: z.array(z.string().min(1)).min(1),
    /** Task titles containing one of these words (case-insensitive) are routed to this agent. */
    match: z.array(z.string().min(1)).default([]),
    /** Loop-detection caps. */
    maxIterations: z.number().int().positive().default(3),
    maxTokensPerTask: z.number().int().positive().default(200_000),
    /** Daily token budget per agent; the token alarm fires above it. */
    dailyTokenBudget: z.number().int().positive().default(5_000_000),
});

const repoSchema = z.object({
    name: dnsLabel,
    pattern: z.enum(["parallel", "arbiter"]).default("parallel"),
    /** Arbiter pattern: how many candidate agents work each task (the first K agents). */
    candidates: z.number().int().min(2).max(5).optional(),
    mapMaxConcurrency: z.number().int().positive().max(40),
    maxRunningExecutions: z.number().int().positive(),
    monthlyBudgetUsd: z.number().positive(),
    agents: z.array(agentSchema).min(1),
    /** The agent that takes tasks no `match` claims. @default the first agent */
    defaultAgent: z.string().optional(),
});

const alertsSchema = z
    .object({
        emails: z.array(z.string().email()).default([]),
        snsTopicArns: z.array(z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/, "must be an SNS topic ARN")).default([]),
    })
    .refine((a) => a.emails.length + a.snsTopicArns.length > 0, "needs at least one of emails or snsTopicArns, so that budget and alarm notifications reach someone");

const rawSchema = z.object({
    env: dnsLabel,
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region such as us-east-1"),
    workflowType: z.enum(["STANDARD", "EXPRESS"]).default("STANDARD"),
    logRetentionDays: z
        .number()
        .int()
        .refine((d) => CLOUDWATCH_RETENTION_DAYS.includes(d), `must be one of CloudWatch's retention values: ${[1, 3, 5, 7, 14, 30, 60, 90, 180, 365].join(", ")}, ...`),
    runsRetentionDays: z.number().int().positive(),
    executionTimeoutSeconds: z.number().int().positive().max(31_536_000),
    dispatcherMaxConcurrency: z.number().int().min(2).max(1000),
    availabilityZoneCount: z.number().int().min(2).max(6).default(2),
    vpcCidr: z.string().regex(/^\d+\.\d+\.\d+\.\d+\/(1[6-9]|2[0-2])$/, "must be an IPv4 CIDR between /16 and /22"),
    platformMonthlyBudgetUsd: z.number().positive(),
    /**
     * Activate agent/repo/env/run_id as cost allocation tags. AWS refuses to activate a tag key
     * it has not yet seen on a billed resource (up to 24 h after first use), so a brand-new
     * account deploys with false and switches to true on a later `pulumi up`.
     */
    activateCostAllocationTags: z.boolean().default(true),
    alerts: alertsSchema,
    repos: z.array(repoSchema).min(1),
});

/** The schemas, for docs/configuration.md's test (every key documented). */
export const configSchemas = { stack: rawSchema, repo: repoSchema, agent: agentSchema } as const;

export const CLOUDWATCH_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export type AgentConfig = z.infer<typeof agentSchema>;
export type RepoConfig = Omit<z.infer<typeof repoSchema>, "candidates" | "defaultAgent"> & {
    /** Arbiter pattern only: the number of candidate agents per task. */
    readonly candidates: number;
    readonly defaultAgent: string;
};
export type SupervisorConfig = Omit<z.infer<typeof rawSchema>, "repos"> & { readonly repos: readonly RepoConfig[] };

/** A config value that cannot work; the message names the key and the fix. */
export class ConfigError extends Error {
    override readonly name = "ConfigError";
}

/** Renders a zod path like `repos[0].agents[1].timeoutSeconds` with the names of the items. */
function describePath(raw: unknown, path: readonly PropertyKey[]): string {
    let out = "supervisor";
    let node: unknown = raw;
    for (const key of path) {
        if (typeof key === "number") {
            const item = Array.isArray(node) ? node[key] : undefined;
            const name = item && typeof item === "object" && typeof (item as { name?: unknown }).name === "string" ? `=${(item as { name: string }).name}` : "";
            out += `[${key}${name}]`;
        } else {
            out += `:${String(key)}`.replace(/^:/, out === "supervisor" ? ":" : ".");
        }
        node = node && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    }
    return out;
}

/**
 * Validates raw config values (as read from the stack) and applies defaults.
 * Throws `ConfigError` listing every problem found, each with its key.
 */
export function parseSupervisorConfig(raw: Record<string, unknown>): SupervisorConfig {
    const parsed = rawSchema.safeParse(raw);
    if (!parsed.success) {
        const lines = parsed.error.issues.map((i) => `${describePath(raw, i.path)}: ${i.message}`);
        throw new ConfigError(`Invalid supervisor config:\n  - ${lines.join("\n  - ")}`);
    }
    const cfg = parsed.data;
    const problems: string[] = [];
    const repoNames = new Set<string>();

    for (const repo of cfg.repos) {
        const at = `supervisor:repos[${repo.name}]`;
        if (repoNames.has(repo.name)) problems.push(`${at}: repo names must be unique; rename the second '${repo.name}'.`);
        repoNames.add(repo.name);
        const agentNames = new Set<string>();
        for (const agent of repo.agents) {
            const a = `${at}.agents[${agent.name}]`;
            if (agentNames.has(agent.name)) problems.push(`${a}: agent names must be unique within a repo.`);
            agentNames.add(agent.name);
            if (agent.kind === "lambda") {
                if (agent.timeoutSeconds > LAMBDA_MAX_TIMEOUT_SECONDS) {
                    problems.push(`${a}.timeoutSeconds: ${agent.timeoutSeconds} s is over Lambda's ${LAMBDA_MAX_TIMEOUT_SECONDS} s limit; use kind: fargate for long tasks, or lower the timeout.`);
                }
                if (agent.memoryMb < LAMBDA_MEMORY_RANGE.min || agent.memoryMb > LAMBDA_MEMORY_RANGE.max) {
                    problems.push(`${a}.memoryMb: ${agent.memoryMb} MB is outside Lambda's ${LAMBDA_MEMORY_RANGE.min}-${LAMBDA_MEMORY_RANGE.max} MB; use kind: fargate for larger workloads.`);
                }
                if (agent.cpu !== undefined) problems.push(`${a}.cpu: only fargate agents take cpu; remove it or set kind: fargate.`);
                if (agent.critical === false) problems.push(`${a}.critical: only fargate agents can be non-critical (Spot); remove it or set kind: fargate.`);
            } else {
                const cpu = agent.cpu ?? 1024;
                const size = FARGATE_SIZES[cpu];
                if (!size) {
                    problems.push(`${a}.cpu: ${cpu} is not a Fargate CPU size; use one of ${Object.keys(FARGATE_SIZES).join(", ")}.`);
                } else {
                    const [min, max, step] = size;
                    if (agent.memoryMb < min || agent.memoryMb > max || (agent.memoryMb - min) % step !== 0) {
                        problems.push(`${a}.memoryMb: ${agent.memoryMb} MB does not fit cpu ${cpu}; use ${min}-${max} MB in steps of ${step}.`);
                    }
                }
            }
            if (agent.reservedConcurrency > repo.mapMaxConcurrency * 4) {
                problems.push(`${a}.reservedConcurrency: ${agent.reservedConcurrency} is more than 4x the repo's mapMaxConcurrency (${repo.mapMaxConcurrency}) and would never be used; lower it.`);
            }
        }
        const agentBudgets = repo.agents.reduce((s, a) => s + a.monthlyBudgetUsd, 0);
        if (agentBudgets > repo.monthlyBudgetUsd) {
            problems.push(`${at}.monthlyBudgetUsd: the agents' budgets add up to ${agentBudgets} USD, over the repo's ${repo.monthlyBudgetUsd} USD; raise the repo budget or lower an agent's.`);
        }
        if (repo.pattern === "arbiter") {
            const k = repo.candidates ?? 2;
            if (k > repo.agents.length) {
                problems.push(`${at}.candidates: the arbiter pattern runs the first ${k} agents as candidates but the repo has ${repo.agents.length}; add agents or lower candidates.`);
            }
        } else if (repo.candidates !== undefined) {
            problems.push(`${at}.candidates: only the arbiter pattern takes candidates; remove it or set pattern: arbiter.`);
        }
        if (repo.defaultAgent !== undefined && !agentNames.has(repo.defaultAgent)) {
            problems.push(`${at}.defaultAgent: '${repo.defaultAgent}' is not one of the repo's agents (${[...agentNames].join(", ")}).`);
        }
    }
    for (const repo of cfg.repos) {
        const longest = repo.agents.reduce((a, b) => (b.timeoutSeconds > a.timeoutSeconds ? b : a));
        const needed = longest.timeoutSeconds + FRAME_SECONDS;
        if (cfg.executionTimeoutSeconds < needed) {
            problems.push(
                `supervisor:executionTimeoutSeconds: ${cfg.executionTimeoutSeconds} s cannot fit agent ${repo.name}.${longest.name}'s ${longest.timeoutSeconds} s timeout plus the context, arbiter and merge steps (at least ${needed} s); raise it or lower the agent's timeout.`,
            );
        }
    }
    if (problems.length > 0) throw new ConfigError(`Invalid supervisor config:\n  - ${problems.join("\n  - ")}`);

    return {
        ...cfg,
        repos: cfg.repos.map((r) => ({
            ...r,
            candidates: r.pattern === "arbiter" ? (r.candidates ?? 2) : 1,
            defaultAgent: r.defaultAgent ?? r.agents[0].name,
        })),
    };
}

/**
 * The workflow type a repo's state machine really gets. `workflowType: EXPRESS` is a preference:
 * Express workflows stop after five minutes and cannot wait for a task token, so a repo with a
 * Fargate agent or an agent timeout over five minutes always gets a STANDARD workflow
 * (docs/decisions.md, "Latency").
 */
export function workflowTypeFor(cfg: Pick<SupervisorConfig, "workflowType">, repo: Pick<RepoConfig, "agents">): "STANDARD" | "EXPRESS" {
    const fitsExpress = repo.agents.every((a) => a.kind === "lambda" && a.timeoutSeconds < EXPRESS_MAX_DURATION_SECONDS);
    return cfg.workflowType === "EXPRESS" && fitsExpress ? "EXPRESS" : "STANDARD";
}

const KEYS = [
    "env",
    "workflowType",
    "logRetentionDays",
    "runsRetentionDays",
    "executionTimeoutSeconds",
    "dispatcherMaxConcurrency",
    "availabilityZoneCount",
    "vpcCidr",
    "platformMonthlyBudgetUsd",
    "activateCostAllocationTags",
    "alerts",
    "repos",
] as const;

/** Reads the `supervisor:*` and `aws:region` keys of the current stack once. */
export function loadConfig(): SupervisorConfig {
    const supervisor = new pulumi.Config("supervisor");
    const aws = new pulumi.Config("aws");
    const raw: Record<string, unknown> = { region: aws.get("region") };
    for (const key of KEYS) {
        // The engine hands every value over as a string: numbers, lists and objects as JSON.
        const text = supervisor.get(key);
        if (text === undefined) continue;
        try {
            raw[key] = JSON.parse(text);
        } catch {
            raw[key] = text;
        }
    }
    return parseSupervisorConfig(raw);
}
