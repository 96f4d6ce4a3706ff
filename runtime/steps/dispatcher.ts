/**
 * The dispatcher: an SQS batch of S3 "Object Created" events (through EventBridge) becomes
 * StartExecution calls, one per plan.md version, named by `deriveRunId`, so a duplicate event
 * starts nothing new (ExecutionAlreadyExists counts as done). When a repo already runs its
 * maximum of executions, the record is handed back as a batch-item failure and SQS redelivers it
 * later: the queue is the backpressure. A malformed event is logged and counted, and not retried
 * forever.
 */
import { ListExecutionsCommand, type SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import type { ExecutionInput } from "../contracts";
import type { EnvOf } from "../env";
import { HandlerEnv, Metrics } from "../handler-env";
import { deriveRunId, parsePlanKey } from "../layout";
import type { Logger } from "../telemetry/logger";
import type { MetricsSink } from "../telemetry/metrics";

export interface DispatcherDeps {
    readonly sfn: Pick<SFNClient, "send">;
    readonly env: EnvOf<"dispatcher">;
    readonly logger: Logger;
    readonly metrics: MetricsSink;
}

export type RecordOutcome = "started" | "duplicate" | "deferred" | "malformed";

interface PlanEvent {
    readonly bucket: string;
    readonly key: string;
    readonly version: string;
}

/** Reads the EventBridge envelope of an S3 event; undefined when it is not one. */
export function parsePlanEvent(body: string): PlanEvent | undefined {
    try {
        const e = JSON.parse(body) as { detail?: { bucket?: { name?: string }; object?: { key?: string; "version-id"?: string; etag?: string; sequencer?: string } } };
        const bucket = e.detail?.bucket?.name;
        const key = e.detail?.object?.key;
        const version = e.detail?.object?.["version-id"] ?? e.detail?.object?.sequencer ?? e.detail?.object?.etag;
        if (!bucket || !key || !version) return undefined;
        return { bucket, key: decodeURIComponent(key.replace(/\+/g, " ")), version };
    } catch {
        return undefined;
    }
}

export function createDispatcher(deps: DispatcherDeps): (event: SQSEvent) => Promise<SQSBatchResponse> {
    const { env, sfn } = deps;
    const machines = env[HandlerEnv.StateMachineArns];
    const caps = env[HandlerEnv.MaxRunningExecutions];
    return async (event) => {
        const failures: SQSBatchResponse["batchItemFailures"] = [];
        const running = new Map<string, number>();
        const runningOf = async (repo: string) => {
            if (!running.has(repo)) {
                let count = 0;
                let nextToken: string | undefined;
                do {
                    const out = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machines[repo], statusFilter: "RUNNING", maxResults: 100, nextToken }));
                    count += out.executions?.length ?? 0;
                    nextToken = count >= caps[repo] ? undefined : out.nextToken;
                } while (nextToken);
                running.set(repo, count);
            }
            return running.get(repo)!;
        };
        for (const record of event.Records) {
            const outcome = await dispatchOne(record.body).catch((e: Error) => {
                deps.logger.error("dispatch failed; the record will be retried", { messageId: record.messageId, error: e.name, message: e.message });
                failures.push({ itemIdentifier: record.messageId });
                return undefined;
            });
            if (outcome === "deferred") failures.push({ itemIdentifier: record.messageId });
        }
        deps.metrics.flush();
        return { batchItemFailures: failures };

        async function dispatchOne(body: string): Promise<RecordOutcome> {
            const plan = parsePlanEvent(body);
            const target = plan ? parsePlanKey(plan.key) : undefined;
            if (!plan || !target || !machines[target.repo]) {
                deps.logger.warn("malformed or unknown plan event dropped", { reason: !plan ? "not an S3 Object Created event" : !target ? "not a plan.md under repos/" : "repo not served by this stack", body: body.slice(0, 500) });
                deps.metrics.put(Metrics.MalformedEvents, 1);
                return "malformed";
            }
            if ((await runningOf(target.repo)) >= caps[target.repo]) {
                deps.logger.info("backpressure: repo at its maximum of running executions", { repo: target.repo, cap: caps[target.repo] });
                return "deferred";
            }
            const runId = deriveRunId(target.repo, target.track, plan.version);
            const input: ExecutionInput = { runId, repo: target.repo, track: target.track, planKey: plan.key, planVersionId: plan.version };
            try {
                await sfn.send(new StartExecutionCommand({ stateMachineArn: machines[target.repo], name: runId, input: JSON.stringify(input) }));
                running.set(target.repo, (running.get(target.repo) ?? 0) + 1);
                deps.logger.info("execution started", { run_id: runId, repo: target.repo });
                return "started";
            } catch (e) {
                if ((e as Error).name === "ExecutionAlreadyExists") {
                    deps.logger.info("duplicate plan event: the execution already exists", { run_id: runId });
                    return "duplicate";
                }
                throw e;
            }
        }
    };
}
