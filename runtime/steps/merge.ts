/**
 * The merge step's AWS edge: loads every result of the run, merges the patches three-way over
 * the run's context snapshot (the base every agent saw), writes the merged files back to
 * `repos/<repo>/conductor/` with conditional writes, and writes `runs/<runId>/merge/report.json`.
 *
 * Write-back never loses a side: if a file changed in the bucket since the snapshot (someone
 * pushed), the run's result is merged three-way with that newer version; if that conflicts, the
 * newer version is left alone and the run's version is kept under `runs/<runId>/merge/unmerged/`
 * and reported. A conditional write lost to a concurrent change (412) is retried on the new
 * version, a bounded number of times.
 */
import { type MergeInput, type MergeSummary, type PatchPointer, type TaskFailure } from "../contracts";
import type { EnvOf } from "../env";
import { HandlerEnv, Metrics } from "../handler-env";
import { conductorPrefix, mergeReportKey, runPrefix } from "../layout";
import { type MergeCandidate, type MergeReport, mergePatches, mergeVersions } from "../merge/three-way";
import { type ArtifactStore, PreconditionFailedError } from "../store/store";
import type { Logger } from "../telemetry/logger";
import type { MetricsSink } from "../telemetry/metrics";
import { readContext } from "./context-files";

export const WRITE_BACK_ATTEMPTS = 5;

export interface MergeDeps {
    readonly store: ArtifactStore;
    readonly env: EnvOf<"merge">;
    readonly logger: Logger;
    readonly metrics: MetricsSink;
}

export interface WriteBackEntry {
    readonly file: string;
    readonly outcome: "written" | "merged-with-concurrent-change" | "kept-unmerged";
    readonly key: string;
    readonly attempts: number;
}

export interface FullMergeReport extends MergeReport {
    readonly runId: string;
    readonly repo: string;
    readonly track: string;
    readonly failed: TaskFailure[];
    readonly writeBack: WriteBackEntry[];
}

/** Writes one merged file back, merging with a concurrent change if there is one. */
async function writeBack(store: ArtifactStore, repo: string, runId: string, file: string, base: string | undefined, merged: string): Promise<WriteBackEntry> {
    const key = `${conductorPrefix(repo)}${file.replace(/^conductor\//, "")}`;
    for (let attempt = 1; attempt <= WRITE_BACK_ATTEMPTS; attempt++) {
        const current = await store.get(key);
        let body = merged;
        let outcome: WriteBackEntry["outcome"] = "written";
        if (current && current.body !== base) {
            const combined = mergeVersions(base ?? "", merged, current.body);
            if (combined === undefined) {
                const unmerged = `${runPrefix(runId)}merge/unmerged/${file}`;
                await store.put(unmerged, merged);
                return { file, outcome: "kept-unmerged", key: unmerged, attempts: attempt };
            }
            body = combined;
            outcome = "merged-with-concurrent-change";
        }
        try {
            await store.put(key, body, current ? { ifMatch: current.etag } : { ifNoneMatch: "*" });
            return { file, outcome, key, attempts: attempt };
        } catch (e) {
            if (!(e instanceof PreconditionFailedError)) throw e;
        }
    }
    const unmerged = `${runPrefix(runId)}merge/unmerged/${file}`;
    await store.put(unmerged, merged);
    return { file, outcome: "kept-unmerged", key: unmerged, attempts: WRITE_BACK_ATTEMPTS };
}

export function createMergeStep(deps: MergeDeps): (input: MergeInput) => Promise<MergeSummary> {
    const { store, env } = deps;
    const allowedPaths = env[HandlerEnv.AgentAllowedPaths];
    return async (input) => {
        const log = deps.logger.with({ run_id: input.runId, repo: input.repo, agent: "merge" });
        const base = await readContext(store, input.runId);
        const ok = input.results.filter((r): r is PatchPointer => r.status === "ok");
        const failed = input.results.filter((r): r is TaskFailure => r.status === "failed");
        const candidates: MergeCandidate[] = [];
        const missing: MergeReport["rejected"] = [];
        for (const p of ok) {
            const obj = await store.get(p.key);
            if (!obj) missing.push({ taskId: p.taskId, agent: p.agent, reason: `The patch ${p.key} is missing from the bucket.` });
            else candidates.push({ taskId: p.taskId, agent: p.agent, text: obj.body, allowedPaths: allowedPaths[p.agent] ?? [] });
        }
        const outcome = mergePatches(base, candidates);
        const writes: WriteBackEntry[] = [];
        for (const [file, content] of outcome.files) writes.push(await writeBack(store, input.repo, input.runId, file, base.get(file), content));

        const report: FullMergeReport = {
            runId: input.runId,
            repo: input.repo,
            track: input.track,
            applied: outcome.report.applied,
            conflicts: outcome.report.conflicts,
            rejected: [...outcome.report.rejected, ...missing],
            failed,
            writeBack: writes,
        };
        const reportKey = mergeReportKey(input.runId);
        await store.put(reportKey, `${JSON.stringify(report, null, 2)}\n`, { contentType: "application/json" });
        deps.metrics.put(Metrics.MergeConflicts, report.conflicts.length + writes.filter((w) => w.outcome === "kept-unmerged").length);
        deps.metrics.put(Metrics.PatchesRejected, report.rejected.length);
        deps.metrics.flush({ run_id: input.runId });
        const problems = report.conflicts.length + report.rejected.length + failed.length;
        log.info("merge done", { applied: report.applied.length, conflicts: report.conflicts.length, rejected: report.rejected.length, failed: failed.length });
        return {
            runId: input.runId,
            status: input.results.length === 0 ? "nothing-to-merge" : problems === 0 ? "merged" : "partial",
            applied: report.applied.length,
            conflicts: report.conflicts.length,
            rejected: report.rejected.length,
            failed: failed.length,
            reportKey,
        };
    };
}
