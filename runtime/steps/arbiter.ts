/**
 * The arbiter step: K candidate results for one task; a model judge picks one, and when the
 * judge fails (throws, answers garbage or picks an unusable candidate) a deterministic fallback
 * does: a valid patch that applies cleanly to the base, within the agent's allowed paths, with
 * the smallest change. The choice and its reasons go to `runs/<runId>/arbiter/<taskId>.json`.
 */
import { type ArbiterInput, type PatchPointer, type SubagentResult, type TaskFailure } from "../contracts";
import type { EnvOf } from "../env";
import { HandlerEnv } from "../handler-env";
import { arbiterKey } from "../layout";
import { mergePatches } from "../merge/three-way";
import type { ModelProvider } from "../models/provider";
import type { ArtifactStore } from "../store/store";
import type { Logger } from "../telemetry/logger";
import { readContext } from "./context-files";

export interface ArbiterDeps {
    readonly store: ArtifactStore;
    readonly provider: ModelProvider;
    readonly env: EnvOf<"arbiter">;
    readonly logger: Logger;
}

export interface CandidateVerdict {
    readonly agent: string;
    readonly usable: boolean;
    readonly size: number;
    readonly reason: string;
}

/** Deterministic choice: usable candidates, smallest change (lines, then bytes, then agent name). */
export function chooseFallback(verdicts: readonly CandidateVerdict[], pointers: ReadonlyMap<string, PatchPointer>): { agent?: string; reason: string } {
    const usable = verdicts.filter((v) => v.usable);
    if (usable.length === 0) return { reason: "no candidate produced a valid patch that applies to the base" };
    const ranked = [...usable].sort((a, b) => a.size - b.size || (pointers.get(a.agent)!.bytes - pointers.get(b.agent)!.bytes) || (a.agent < b.agent ? -1 : 1));
    return { agent: ranked[0].agent, reason: `smallest valid change (${ranked[0].size} lines) among ${usable.length} usable candidate(s)` };
}

export function judgePrompt(task: ArbiterInput["task"], patches: ReadonlyMap<string, string>): string {
    return [
        `Pick the best patch for task ${task.taskId}: ${task.title}.`,
        ...[...patches].map(([agent, text]) => `## Candidate ${agent}\n\`\`\`diff\n${text}\`\`\``),
        'Answer with JSON only: {"choice": "<candidate name>", "reason": "<one sentence>"}.',
    ].join("\n\n");
}

export function parseJudgeAnswer(text: string, candidates: readonly string[]): { choice: string; reason: string } | undefined {
    const m = /\{[\s\S]*\}/.exec(text);
    if (!m) return undefined;
    try {
        const v = JSON.parse(m[0]) as { choice?: unknown; reason?: unknown };
        if (typeof v.choice === "string" && candidates.includes(v.choice)) return { choice: v.choice, reason: typeof v.reason === "string" ? v.reason : "" };
    } catch {
        return undefined;
    }
    return undefined;
}

export function createArbiterStep(deps: ArbiterDeps): (input: ArbiterInput) => Promise<SubagentResult> {
    const { store, env, provider } = deps;
    return async (input) => {
        const log = deps.logger.with({ run_id: input.runId, repo: input.repo, agent: "arbiter", task: input.task.taskId });
        const pointers = new Map(input.candidates.filter((c): c is PatchPointer => c.status === "ok").map((c) => [c.agent, c]));
        const failures = input.candidates.filter((c): c is TaskFailure => c.status === "failed");
        if (pointers.size === 0) {
            return { status: "failed", taskId: input.task.taskId, agent: "arbiter", error: "AllCandidatesFailed", cause: failures.map((f) => `${f.agent}: ${f.error}`).join("; ") };
        }
        const base = await readContext(store, input.runId);
        const texts = new Map<string, string>();
        const verdicts: CandidateVerdict[] = [];
        for (const [agent, p] of pointers) {
            const text = (await store.get(p.key))?.body;
            if (text === undefined) {
                verdicts.push({ agent, usable: false, size: 0, reason: "patch missing from the bucket" });
                continue;
            }
            texts.set(agent, text);
            const trial = mergePatches(base, [{ taskId: input.task.taskId, agent, text, allowedPaths: env[HandlerEnv.AgentAllowedPaths][agent] ?? [] }]);
            const rejected = trial.report.rejected[0];
            verdicts.push({ agent, usable: !rejected, size: p.linesAdded + p.linesRemoved, reason: rejected ? rejected.reason : "valid and applies cleanly" });
        }
        let choice: { agent?: string; reason: string; method: "judge" | "fallback" };
        const usableAgents = verdicts.filter((v) => v.usable).map((v) => v.agent);
        if (provider.name === "dry-run") {
            choice = { ...chooseFallback(verdicts, pointers), method: "fallback" };
            choice.reason = `the dry-run provider cannot judge; ${choice.reason}`;
        } else {
            try {
                const answer = await provider.complete({ system: "You are the arbiter of coding agents' patches.", prompt: judgePrompt(input.task, texts), maxTokens: 512, subject: { agent: "arbiter", track: "", task: input.task } });
                const judged = parseJudgeAnswer(answer.text, usableAgents);
                choice = judged ? { agent: judged.choice, reason: judged.reason, method: "judge" } : { ...chooseFallback(verdicts, pointers), method: "fallback" };
                if (!judged) choice.reason = `the judge's answer named no usable candidate; ${choice.reason}`;
            } catch (e) {
                choice = { ...chooseFallback(verdicts, pointers), method: "fallback" };
                choice.reason = `the judge failed (${(e as Error).name}); ${choice.reason}`;
            }
        }
        await store.put(arbiterKey(input.runId, input.task.taskId), `${JSON.stringify({ task: input.task, choice, candidates: verdicts, failures }, null, 2)}\n`);
        log.info("arbiter chose", { choice });
        if (!choice.agent) return { status: "failed", taskId: input.task.taskId, agent: "arbiter", error: "NoUsableCandidate", cause: choice.reason };
        return pointers.get(choice.agent)!;
    };
}
