/**
 * The merge step's core: many agents' patches over one base, merged as a true three-way
 * (N-way) merge rather than applied one after another. Each patch is validated again, applied to
 * the base to get that agent's version of each file, and reduced to line edits against the base
 * (LCS from node-diff3). Edits of different patches merge when their base ranges do not overlap,
 * so agents changing neighbouring lines of the same plan.md all land; two patches changing the
 * same lines differently is a conflict: the later patch in merge order (phase, task, agent) is
 * reported with both versions, the earlier one stays applied. Every input patch ends up exactly
 * once in `applied`, `conflicts` or `rejected`; the same input gives byte-identical output.
 */
import { applyPatch } from "diff";
import { diffIndices } from "node-diff3";
import { type ValidateOptions, validatePatch } from "../patch/validate";

export interface MergeCandidate {
    readonly taskId: string;
    readonly agent: string;
    readonly text: string;
    readonly allowedPaths: readonly string[];
    readonly limits?: ValidateOptions["limits"];
}

export interface AppliedEntry {
    readonly taskId: string;
    readonly agent: string;
    readonly files: string[];
}

export interface ConflictEntry {
    readonly taskId: string;
    readonly agent: string;
    readonly file: string;
    readonly reason: string;
    /** The lines already merged there (by `oursBy`), and what this patch wanted instead. */
    readonly ours: string;
    readonly oursBy: { readonly taskId: string; readonly agent: string };
    readonly theirs: string;
    readonly baseLines: { readonly start: number; readonly end: number };
}

export interface RejectedEntry {
    readonly taskId: string;
    readonly agent: string;
    readonly reason: string;
    readonly file?: string;
}

export interface MergeReport {
    readonly applied: AppliedEntry[];
    readonly conflicts: ConflictEntry[];
    readonly rejected: RejectedEntry[];
}

export interface MergeOutcome {
    /** Every file the merge changed or created, with its merged content, by path. */
    readonly files: Map<string, string>;
    readonly report: MergeReport;
}

interface Edit {
    /** Base line range [start, end), 0-based; start === end is an insertion before `start`. */
    readonly start: number;
    readonly end: number;
    readonly lines: string[];
    readonly by: { taskId: string; agent: string };
}

/** Lines with their terminators, so a missing final newline is a difference of its own. */
export function splitLines(text: string): string[] {
    return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** (phase, task, agent) order from `p<phase>-t<task>` ids. */
export function mergeOrder(a: { taskId: string; agent: string }, b: { taskId: string; agent: string }): number {
    const num = (id: string) => (/^p(\d+)-t(\d+)$/.exec(id) ?? [, "0", "0"]).slice(1).map(Number);
    const [pa, ta] = num(a.taskId);
    const [pb, tb] = num(b.taskId);
    return pa - pb || ta - tb || (a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0) || (a.agent < b.agent ? -1 : a.agent > b.agent ? 1 : 0);
}

function overlaps(e: Edit, f: Edit): boolean {
    if (e.start < f.end && f.start < e.end) return true;
    if (e.start === e.end && f.start === f.end) return e.start === f.start;
    if (e.start === e.end) return f.start < e.start && e.start < f.end;
    if (f.start === f.end) return e.start < f.start && f.start < e.end;
    return false;
}

function same(e: Edit, f: Edit): boolean {
    return e.start === f.start && e.end === f.end && e.lines.length === f.lines.length && e.lines.every((l, i) => l === f.lines[i]);
}

function editsBetween(base: string[], version: string[], by: Edit["by"]): Edit[] {
    return diffIndices(base, version).map((d) => ({ start: d.buffer1[0], end: d.buffer1[0] + d.buffer1[1], lines: version.slice(d.buffer2[0], d.buffer2[0] + d.buffer2[1]), by }));
}

function applyEdits(base: string[], edits: Edit[]): string {
    const lines = [...base];
    // Bottom up; at the same start, the replacement before the insertion so the insertion ends up first.
    const ordered = [...edits].sort((a, b) => b.start - a.start || (b.end - b.start === 0 ? -1 : 0) - (a.end - a.start === 0 ? -1 : 0));
    for (const e of ordered) lines.splice(e.start, e.end - e.start, ...e.lines);
    return lines.join("");
}

export function mergePatches(base: ReadonlyMap<string, string>, candidates: readonly MergeCandidate[]): MergeOutcome {
    const report: MergeReport = { applied: [], conflicts: [], rejected: [] };
    const accepted = new Map<string, Edit[]>();
    const created = new Map<string, string>();

    for (const c of [...candidates].sort(mergeOrder)) {
        const by = { taskId: c.taskId, agent: c.agent };
        const verdict = validatePatch(c.text, { allowedPaths: c.allowedPaths, limits: c.limits });
        if (!verdict.ok) {
            report.rejected.push({ ...by, reason: verdict.reason, file: verdict.file });
            continue;
        }
        // This patch's edits per file, all checked before any is accepted: one bad file rejects all.
        const pending = new Map<string, Edit[]>();
        let problem: RejectedEntry | ConflictEntry | undefined;
        for (const filePatch of verdict.parsed) {
            const file = verdict.files[verdict.parsed.indexOf(filePatch)];
            const isNew = filePatch.oldFileName === "/dev/null";
            const current = base.get(file);
            if (isNew && (current !== undefined || created.has(file))) {
                problem = { ...by, reason: `'${file}' already exists; the patch creates it as a new file.`, file };
                break;
            }
            if (!isNew && current === undefined) {
                problem = { ...by, reason: `'${file}' does not exist in the base; the patch edits it.`, file };
                break;
            }
            const version = applyPatch(current ?? "", filePatch, { fuzzFactor: 0 });
            if (version === false) {
                problem = { ...by, reason: `The patch does not apply to the base version of '${file}' (its context lines differ).`, file };
                break;
            }
            const baseLines = splitLines(current ?? "");
            const edits = editsBetween(baseLines, splitLines(version), by);
            for (const e of edits) {
                const clash = (accepted.get(file) ?? []).find((f) => overlaps(e, f) && !same(e, f));
                if (clash) {
                    problem = {
                        ...by,
                        file,
                        reason: `'${file}' lines ${clash.start + 1}-${Math.max(clash.start + 1, clash.end)} were already changed by ${clash.by.agent} for ${clash.by.taskId}; this patch changes them differently.`,
                        ours: clash.lines.join(""),
                        oursBy: clash.by,
                        theirs: e.lines.join(""),
                        baseLines: { start: e.start + 1, end: e.end },
                    };
                    break;
                }
            }
            if (problem) break;
            pending.set(file, edits.filter((e) => !(accepted.get(file) ?? []).some((f) => same(e, f))));
            if (isNew) created.set(file, version);
        }
        if (problem) {
            if ("ours" in problem) report.conflicts.push(problem);
            else report.rejected.push(problem);
            for (const f of verdict.files) if (created.get(f) !== undefined && !(accepted.get(f) ?? []).length) created.delete(f);
            continue;
        }
        for (const [file, edits] of pending) accepted.set(file, [...(accepted.get(file) ?? []), ...edits]);
        report.applied.push({ ...by, files: [...verdict.files] });
    }

    const files = new Map<string, string>();
    for (const [file, edits] of [...accepted.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (edits.length === 0) continue;
        files.set(file, applyEdits(splitLines(base.get(file) ?? ""), edits));
    }
    return { files, report };
}

/**
 * Two versions of one text merged against their common base with the same rule as the patches:
 * edits to different base lines both land (neighbouring lines included); overlapping different
 * edits are a conflict (undefined).
 */
export function mergeVersions(base: string, ours: string, theirs: string): string | undefined {
    const baseLines = splitLines(base);
    const a = editsBetween(baseLines, splitLines(ours), { taskId: "ours", agent: "ours" });
    const b = editsBetween(baseLines, splitLines(theirs), { taskId: "theirs", agent: "theirs" });
    const kept = b.filter((e) => !a.some((f) => same(e, f)));
    if (kept.some((e) => a.some((f) => overlaps(e, f)))) return undefined;
    return applyEdits(baseLines, [...a, ...kept]);
}

/**
 * The baseline a merge must beat: jsdiff's strict apply of each patch, one after another, onto
 * the result of the previous ones (no fuzz). Returns how many patches applied.
 */
export function sequentialApply(base: ReadonlyMap<string, string>, candidates: readonly MergeCandidate[]): { files: Map<string, string>; applied: number; refused: number } {
    const files = new Map(base);
    let applied = 0;
    let refused = 0;
    for (const c of [...candidates].sort(mergeOrder)) {
        const verdict = validatePatch(c.text, { allowedPaths: c.allowedPaths, limits: c.limits });
        if (!verdict.ok) {
            refused++;
            continue;
        }
        const next = new Map(files);
        let ok = true;
        verdict.parsed.forEach((p, i) => {
            const out = applyPatch(next.get(verdict.files[i]) ?? "", p, { fuzzFactor: 0 });
            if (out === false) ok = false;
            else next.set(verdict.files[i], out);
        });
        if (ok) {
            for (const [k, v] of next) files.set(k, v);
            applied++;
        } else refused++;
    }
    return { files, applied, refused };
}
