/**
 * Diff-only outputs, enforced at run time. A subagent's answer must be one unified diff (plain or
 * git style; new files, several files and `\ No newline at end of file` allowed) that only edits
 * or adds text files within the agent's allowed globs, and stays under the size caps. Anything
 * else is rejected with a sentence naming the file and the reason; one bad file rejects the
 * whole patch. Parsing is jsdiff's (`parsePatch`); this module adds the rules.
 */
import { createHash } from "node:crypto";
import { parsePatch, type StructuredPatch } from "diff";
import picomatch from "picomatch";

export interface PatchLimits {
    readonly maxBytes: number;
    readonly maxFiles: number;
    readonly maxChangedLines: number;
}

export const DEFAULT_PATCH_LIMITS: PatchLimits = { maxBytes: 256 * 1024, maxFiles: 50, maxChangedLines: 5000 };

export interface ValidateOptions {
    /** Repo-relative globs the patch may touch. */
    readonly allowedPaths: readonly string[];
    readonly limits?: Partial<PatchLimits>;
    /** Whole-file deletions; agents edit and add only. @default false */
    readonly allowDeletions?: boolean;
}

export interface AcceptedPatch {
    readonly ok: true;
    readonly files: string[];
    readonly linesAdded: number;
    readonly linesRemoved: number;
    readonly bytes: number;
    readonly sha256: string;
    /** The parsed patch, one entry per file, with normalised paths. */
    readonly parsed: StructuredPatch[];
}

export interface RejectedPatch {
    readonly ok: false;
    readonly reason: string;
    readonly file?: string;
}

export type PatchVerdict = AcceptedPatch | RejectedPatch;

const DEV_NULL = "/dev/null";

/** `a/x`, `b/x` (git) and tab-separated timestamps are stripped; undefined for /dev/null. */
export function normalisePath(name: string | undefined): string | undefined {
    if (name === undefined) return undefined;
    const bare = name.split("\t")[0].trim();
    if (bare === DEV_NULL) return undefined;
    return bare.replace(/^[ab]\//, "");
}

function pathProblem(p: string): string | undefined {
    if (p.startsWith("/") || /^[A-Za-z]:/.test(p)) return "is absolute";
    if (p.includes("\\")) return "contains a backslash";
    if (p.split("/").includes("..")) return "contains '..'";
    if (p === ".git" || p.startsWith(".git/") || p.includes("/.git/")) return "points into .git/";
    if (p.length === 0) return "is empty";
    return undefined;
}

function reject(reason: string, file?: string): RejectedPatch {
    return { ok: false, reason, file };
}

/** Hunk headers promise line counts; the lines must deliver them. */
function hunkProblem(file: string, patch: StructuredPatch): string | undefined {
    for (const h of patch.hunks) {
        let old = 0;
        let neu = 0;
        for (const line of h.lines) {
            if (line.startsWith("\\")) continue;
            const c = line[0];
            if (c === " ") {
                old++;
                neu++;
            } else if (c === "-") old++;
            else if (c === "+") neu++;
            else return `${file}: hunk @@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@ has a line that is neither context, addition nor removal`;
        }
        if (old !== h.oldLines || neu !== h.newLines) {
            return `${file}: hunk @@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@ has ${old} old and ${neu} new lines, not what its header says`;
        }
    }
    return undefined;
}

export function validatePatch(text: string, options: ValidateOptions): PatchVerdict {
    const limits = { ...DEFAULT_PATCH_LIMITS, ...options.limits };
    const bytes = Buffer.byteLength(text);
    if (text.trim().length === 0) return reject("The patch is empty.");
    if (bytes > limits.maxBytes) return reject(`The patch is ${bytes} bytes, over the ${limits.maxBytes}-byte cap.`);
    if (/^GIT binary patch$/m.test(text) || /^Binary files .* differ$/m.test(text)) return reject("The patch contains a binary change; only text diffs are accepted.");
    if (/^(old|new) mode \d+$/m.test(text) || /^(new|deleted) file mode 120000$/m.test(text)) {
        return reject(/120000/.test(text) ? "The patch creates or deletes a symlink; only regular text files are accepted." : "The patch changes a file mode; only content changes are accepted.");
    }
    if (/^(rename|copy) (from|to) /m.test(text)) return reject("The patch renames or copies a file; only edits and new files are accepted.");
    if (!/^(--- |\+\+\+ |@@ )/m.test(text)) return reject("The text is not a unified diff (no '---', '+++' or '@@' lines).");

    let parsed: StructuredPatch[];
    try {
        parsed = parsePatch(text);
    } catch (e) {
        const message = (e as Error).message;
        if (/line count did not match|contained invalid line/i.test(message)) return reject(`The patch has a hunk whose lines do not match its @@ header (${message.trim()}).`);
        return reject(`The text is not a valid unified diff: ${message}.`);
    }
    parsed = parsed.filter((p) => p.hunks.length > 0 || p.oldFileName || p.newFileName);
    if (parsed.length === 0 || parsed.every((p) => p.hunks.length === 0)) return reject("The patch changes nothing (no hunks).");
    if (parsed.length > limits.maxFiles) return reject(`The patch touches ${parsed.length} files, over the cap of ${limits.maxFiles}.`);

    const isAllowed = picomatch([...options.allowedPaths], { dot: true });
    const files: string[] = [];
    let added = 0;
    let removed = 0;
    for (const p of parsed) {
        const oldName = normalisePath(p.oldFileName);
        const newName = normalisePath(p.newFileName);
        const file = newName ?? oldName;
        if (!file) return reject("A file in the patch has no name (neither its old nor its new path is given).");
        for (const name of [oldName, newName]) {
            const problem = name === undefined ? undefined : pathProblem(name);
            if (problem) return reject(`The path '${name}' ${problem}; paths must be relative and inside the repository.`, name);
        }
        if (oldName && newName && oldName !== newName) return reject(`'${oldName}' is renamed to '${newName}'; only edits and new files are accepted.`, newName);
        if (!newName && !options.allowDeletions) return reject(`'${oldName}' is deleted; agents may edit and add files, not delete them.`, oldName);
        if (!isAllowed(file)) return reject(`'${file}' is outside the agent's allowed paths (${options.allowedPaths.join(", ")}).`, file);
        if (p.hunks.length === 0) return reject(`'${file}' has a header but no hunks.`, file);
        const hunk = hunkProblem(file, p);
        if (hunk) return reject(`${hunk}.`, file);
        for (const h of p.hunks) {
            for (const l of h.lines) {
                if (l[0] === "+") added++;
                else if (l[0] === "-") removed++;
            }
        }
        if (files.includes(file)) return reject(`'${file}' appears twice in the patch; give each file one diff.`, file);
        files.push(file);
        p.oldFileName = oldName === undefined ? DEV_NULL : `a/${oldName}`;
        p.newFileName = newName === undefined ? DEV_NULL : `b/${newName}`;
    }
    if (added + removed > limits.maxChangedLines) return reject(`The patch changes ${added + removed} lines, over the cap of ${limits.maxChangedLines}.`);
    if (added + removed === 0) return reject("The patch changes nothing (its hunks only have context lines).");
    return { ok: true, files, linesAdded: added, linesRemoved: removed, bytes, sha256: createHash("sha256").update(text).digest("hex"), parsed };
}
