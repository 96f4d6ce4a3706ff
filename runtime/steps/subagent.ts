/**
 * The subagent core (one core, two entry points: the Lambda handler and the Fargate container).
 * Reads only its run's context, asks the model for one unified diff, validates it against the
 * agent's allowed paths (asking again with the reason, up to its iteration cap), stops on a loop
 * (the same rejected patch again, or iterations or tokens over the caps), writes the patch to its
 * own key and returns a pointer, never the contents.
 */
import { createHash } from "node:crypto";
import { HandlerError, HandlerErrors, type PatchPointer, type SubagentInput } from "../contracts";
import type { EnvOf } from "../env";
import { HandlerEnv, Metrics } from "../handler-env";
import { patchKey } from "../layout";
import type { ModelProvider } from "../models/provider";
import { extractDiff, validatePatch } from "../patch";
import type { ArtifactStore } from "../store/store";
import type { Logger } from "../telemetry/logger";
import type { MetricsSink } from "../telemetry/metrics";
import { inSpan } from "../telemetry/tracing";
import { readContext } from "./context-files";

export interface SubagentDeps {
    readonly store: ArtifactStore;
    readonly provider: ModelProvider;
    readonly env: EnvOf<"subagent">;
    readonly logger: Logger;
    readonly metrics: MetricsSink;
    readonly now?: () => number;
}

export const SYSTEM_PROMPT = [
    "You are a coding subagent working one task of a Conductor plan.",
    "Answer with exactly one unified diff in a ```diff fenced block, and nothing else that looks like a diff.",
    "Edit or add text files only; do not rename, delete, or change modes.",
    "When the task is done, also mark it done in the track's plan.md ('- [ ]' becomes '- [x]').",
].join(" ");

export function buildPrompt(input: SubagentInput, files: ReadonlyMap<string, string>, allowedPaths: readonly string[], feedback?: string): string {
    const spec = files.get(`conductor/tracks/${input.track}/spec.md`) ?? "(no spec.md)";
    const plan = files.get(`conductor/tracks/${input.track}/plan.md`) ?? "";
    const guides = ["product.md", "tech-stack.md", "workflow.md"].map((g) => files.get(`conductor/${g}`)).filter(Boolean).join("\n\n");
    return [
        `Task ${input.task.taskId} (phase ${input.task.phase}, '${input.task.phaseTitle}'): ${input.task.title}`,
        input.task.subtasks.length ? `Sub-tasks:\n${input.task.subtasks.map((s) => `- ${s}`).join("\n")}` : "",
        `You may only touch paths matching: ${allowedPaths.join(", ")}.`,
        `The task is on line ${input.task.line} of conductor/tracks/${input.track}/plan.md.`,
        `## spec.md\n${spec}`,
        `## plan.md\n${plan}`,
        guides ? `## Project guides\n${guides}` : "",
        feedback ? `## Your previous answer was rejected\n${feedback}\nAnswer again with one corrected diff.` : "",
    ]
        .filter(Boolean)
        .join("\n\n");
}

export function createSubagent(deps: SubagentDeps): (input: SubagentInput) => Promise<PatchPointer> {
    const { env, store, provider, metrics } = deps;
    const now = deps.now ?? (() => performance.now());
    const allowed = env[HandlerEnv.AllowedPaths];
    const maxIterations = env[HandlerEnv.MaxIterations];
    const maxTokens = env[HandlerEnv.MaxTokensPerTask];
    return async (input) => {
        const started = now();
        const log = deps.logger.with({ run_id: input.runId, repo: input.repo, agent: input.agent, task: input.task.taskId });
        if (input.agent !== env[HandlerEnv.Agent]) throw new HandlerError(HandlerErrors.InvalidPayload, `this function runs agent ${env[HandlerEnv.Agent]}, not ${input.agent}`);
        const files = await readContext(store, input.runId);
        if (!files.has(`conductor/tracks/${input.track}/plan.md`)) throw new HandlerError(HandlerErrors.ContextMissing, `the run ${input.runId} has no context for track ${input.track}`);

        const tokens = { input: 0, output: 0 };
        const seen = new Set<string>();
        let feedback: string | undefined;
        try {
            for (let attempt = 1; attempt <= maxIterations; attempt++) {
                const answer = await inSpan("model.complete", { model: env[HandlerEnv.ModelId], attempt }, () =>
                    provider.complete({ system: SYSTEM_PROMPT, prompt: buildPrompt(input, files, allowed, feedback), maxTokens: 8192, subject: { agent: input.agent, track: input.track, task: input.task, files, attempt } }),
                );
                tokens.input += answer.usage.input;
                tokens.output += answer.usage.output;
                metrics.put(Metrics.InputTokens, answer.usage.input);
                metrics.put(Metrics.OutputTokens, answer.usage.output);
                metrics.put(Metrics.ModelLatency, answer.latencyMs, "Milliseconds");
                if (tokens.input + tokens.output > maxTokens) {
                    metrics.put(Metrics.LoopsDetected, 1);
                    throw new HandlerError(HandlerErrors.LoopDetected, `task ${input.task.taskId} used ${tokens.input + tokens.output} tokens, over the agent's cap of ${maxTokens}`);
                }
                const extracted = extractDiff(answer.text);
                const verdict = extracted.ok ? await inSpan("patch.validate", { attempt }, async () => validatePatch(extracted.diff, { allowedPaths: allowed })) : undefined;
                if (extracted.ok && verdict?.ok) {
                    const key = patchKey(input.runId, input.task.taskId, input.agent);
                    await store.put(key, extracted.diff, { contentType: "text/x-diff" });
                    metrics.put(Metrics.PatchBytes, verdict.bytes, "Bytes");
                    const pointer: PatchPointer = {
                        status: "ok",
                        runId: input.runId,
                        taskId: input.task.taskId,
                        agent: input.agent,
                        key,
                        sha256: verdict.sha256,
                        bytes: verdict.bytes,
                        files: verdict.files,
                        linesAdded: verdict.linesAdded,
                        linesRemoved: verdict.linesRemoved,
                        tokens,
                        durationMs: now() - started,
                    };
                    log.info("patch written", { key, bytes: verdict.bytes, attempt, tokens });
                    return pointer;
                }
                metrics.put(Metrics.PatchesRejected, 1);
                const reason = extracted.ok ? (verdict as { reason: string }).reason : extracted.reason;
                const hash = createHash("sha256").update(extracted.ok ? extracted.diff : answer.text).digest("hex");
                if (seen.has(hash)) {
                    metrics.put(Metrics.LoopsDetected, 1);
                    throw new HandlerError(HandlerErrors.LoopDetected, `task ${input.task.taskId}: the model answered the same rejected patch again (${reason})`);
                }
                seen.add(hash);
                feedback = reason;
                log.warn("patch rejected", { attempt, reason });
            }
            metrics.put(Metrics.LoopsDetected, 1);
            throw new HandlerError(HandlerErrors.LoopDetected, `task ${input.task.taskId}: no acceptable patch after ${maxIterations} attempts; last reason: ${feedback}`);
        } finally {
            metrics.flush({ run_id: input.runId, task: input.task.taskId });
        }
    };
}
