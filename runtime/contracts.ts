/**
 * Payload shapes between the state machine and the handlers, and the error names that the state
 * machine's Retry and Catch match on. The state machine builder (lib/state-machine-definition.ts)
 * and every handler import this file, so the two sides cannot drift.
 *
 * Payloads carry pointers (keys, hashes, counts), never file contents: Step Functions caps a
 * state's payload at 256 KiB. Schemas use zod/mini, whose functions tree-shake: the classic API
 * alone would add ~450 KiB to every Lambda bundle (docs/benchmarks.md).
 */
import * as z from "zod/mini";

/** One task of a plan, as dispatched to an agent. */
export const taskRefSchema = z.object({
    /** Stable id within the run: `p<phase>-t<task>` (1-based), e.g. `p2-t3`. */
    taskId: z.string().check(z.regex(/^p\d+-t\d+$/)),
    phase: z.number().check(z.int(), z.positive()),
    phaseTitle: z.string(),
    title: z.string(),
    /** The agent the router picked (parallel pattern). */
    agent: z.string(),
    /** Line of the task in plan.md (1-based), so a dry-run agent can mark it done. */
    line: z.number().check(z.int(), z.positive()),
    subtasks: z._default(z.array(z.string()), []),
});
export type TaskRef = z.infer<typeof taskRefSchema>;

/** The input of an execution, as the dispatcher starts it. */
export const executionInputSchema = z.object({
    runId: z.string().check(z.minLength(1)),
    repo: z.string().check(z.minLength(1)),
    track: z.string().check(z.minLength(1)),
    planKey: z.string().check(z.minLength(1)),
    planVersionId: z.string().check(z.minLength(1)),
});
export type ExecutionInput = z.infer<typeof executionInputSchema>;

/** What the context snapshot step returns. */
export const contextResultSchema = z.object({
    runId: z.string(),
    repo: z.string(),
    track: z.string(),
    contextPrefix: z.string(),
    tasks: z.array(taskRefSchema),
    /** Why nothing (or less than everything) was dispatched. */
    diagnostics: z.array(z.string()),
    /** Network settings for Fargate tasks, passed through so the definition itself stays known at preview. */
    network: z.object({ subnets: z.array(z.string()), securityGroups: z.array(z.string()) }),
});
export type ContextResult = z.infer<typeof contextResultSchema>;

/** The input of one subagent invocation (Lambda payload, or the Fargate container's environment). */
export const subagentInputSchema = z.object({
    runId: z.string(),
    repo: z.string(),
    track: z.string(),
    task: taskRefSchema,
    /** The agent this invocation runs as (the candidate's agent in the arbiter pattern). */
    agent: z.string(),
});
export type SubagentInput = z.infer<typeof subagentInputSchema>;

const count = () => z.number().check(z.int(), z.nonnegative());
export const tokenUsageSchema = z.object({ input: count(), output: count() });
export type TokenUsage = z.infer<typeof tokenUsageSchema>;

/** A subagent's result: a pointer to the one patch it wrote. */
export const patchPointerSchema = z.object({
    status: z.literal("ok"),
    runId: z.string(),
    taskId: z.string(),
    agent: z.string(),
    key: z.string(),
    sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
    bytes: count(),
    files: z.array(z.string()),
    linesAdded: count(),
    linesRemoved: count(),
    tokens: tokenUsageSchema,
    durationMs: z.number().check(z.nonnegative()),
});
export type PatchPointer = z.infer<typeof patchPointerSchema>;

/** What a Catch records instead of losing a failed subagent. */
export const taskFailureSchema = z.object({
    status: z.literal("failed"),
    taskId: z.string(),
    agent: z.string(),
    error: z.string(),
    cause: z.string(),
});
export type TaskFailure = z.infer<typeof taskFailureSchema>;

export const subagentResultSchema = z.discriminatedUnion("status", [patchPointerSchema, taskFailureSchema]);
export type SubagentResult = z.infer<typeof subagentResultSchema>;

/** Arbiter input: the K candidate results of one task. */
export const arbiterInputSchema = z.object({
    runId: z.string(),
    repo: z.string(),
    task: taskRefSchema,
    candidates: z.array(subagentResultSchema).check(z.minLength(1)),
});
export type ArbiterInput = z.infer<typeof arbiterInputSchema>;

/** Merge input: one result per task (after the arbiter, in that pattern). */
export const mergeInputSchema = z.object({
    runId: z.string(),
    repo: z.string(),
    track: z.string(),
    results: z.array(subagentResultSchema),
});
export type MergeInput = z.infer<typeof mergeInputSchema>;

export const mergeSummarySchema = z.object({
    runId: z.string(),
    status: z.enum(["merged", "partial", "nothing-to-merge"]),
    applied: count(),
    conflicts: count(),
    rejected: count(),
    failed: count(),
    reportKey: z.string(),
});
export type MergeSummary = z.infer<typeof mergeSummarySchema>;

/**
 * Error names thrown by the handlers. Step Functions matches `Retry`/`Catch` on an error's `name`.
 */
export const HandlerErrors = {
    /** The model provider throttled us: retry with backoff. */
    ModelThrottled: "ModelThrottledError",
    /** A transient S3/KMS/network failure: retry with backoff. */
    TransientStore: "TransientStoreError",
    /** The same patch again, or iterations/tokens over the agent's caps: do not retry. */
    LoopDetected: "LoopDetectedError",
    /** The model's answer held no acceptable diff: do not retry the same prompt blindly. */
    PatchRejected: "PatchRejectedError",
    /** The run's context is missing or unreadable: fail the run. */
    ContextMissing: "ContextMissingError",
    /** A payload did not match its schema: a bug, never retried. */
    InvalidPayload: "InvalidPayloadError",
    /** A Fargate Spot task got SIGTERM before it finished: rerun it on demand. */
    SubagentInterrupted: "SubagentInterruptedError",
} as const;
export type HandlerErrorName = (typeof HandlerErrors)[keyof typeof HandlerErrors];

/** Errors worth retrying with backoff and full jitter (throttling and transient faults). */
export const RETRYABLE_ERRORS = [
    "Lambda.TooManyRequestsException",
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.ClientExecutionTimeoutException",
    HandlerErrors.ModelThrottled,
    HandlerErrors.TransientStore,
] as const;

/** ECS RunTask faults worth retrying (capacity, throttling). */
export const RETRYABLE_ECS_ERRORS = ["ECS.AmazonECSException", "ECS.LimitExceededException", "ECS.ServerException"] as const;

/** Base class: `name` is what Step Functions sees. */
export class HandlerError extends Error {
    constructor(
        override readonly name: HandlerErrorName,
        message: string,
    ) {
        super(message);
    }
}

/** Parses a payload or throws `InvalidPayloadError` naming the field. */
export function parsePayload<T>(schema: z.ZodMiniType<T>, value: unknown, what: string): T {
    const r = z.safeParse(schema, value);
    if (!r.success) {
        const detail = r.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
        throw new HandlerError(HandlerErrors.InvalidPayload, `${what}: ${detail}`);
    }
    return r.data;
}
