/**
 * Lenient parser for a Conductor track's `plan.md`: phases (`## Phase N: ...`, optionally
 * `[checkpoint: <sha>]`), tasks (`- [ ] Task: ...`, bold `**Task: ...**` items, plain checkbox
 * items) with indented sub-tasks, markers `[ ]` pending, `[~]` in progress, `[x]` done, and
 * trailing shas (`1a2b3c4`, `[git-hash: ...]`). It never throws: what it cannot read is returned
 * as a diagnostic with its line number. The markers are the source of truth.
 */
export type TaskStatus = "pending" | "in-progress" | "done";

export interface PlanSubtask {
    readonly title: string;
    readonly status: TaskStatus;
    readonly line: number;
}

export interface PlanTask {
    readonly title: string;
    readonly status: TaskStatus;
    /** 1-based line in plan.md. */
    readonly line: number;
    /** "User Manual Verification" tasks are human checkpoints, never sent to an agent. */
    readonly manual: boolean;
    readonly sha?: string;
    readonly subtasks: PlanSubtask[];
}

export interface PlanPhase {
    readonly number: number;
    readonly title: string;
    readonly line: number;
    readonly checkpoint?: string;
    readonly tasks: PlanTask[];
}

export interface ParsedPlan {
    readonly title?: string;
    readonly phases: PlanPhase[];
    readonly diagnostics: string[];
}

const PHASE = /^#{2,3}\s+(?:\[[ xX~]\]\s*)?Phase\s*(\d+)?\s*[:.\-–]?\s*(.*)$/i;
const CHECKBOX = /^(\s*)[-*+]\s+\[([ xX~\-/])\]\s+(.*)$/;
const LOOSE_MARKER = /^(\s*)[-*+]\s+\[([^\]]*)\]\s*(.*)$/;
const CHECKPOINT = /\[checkpoint:\s*([0-9a-f]{7,40})\]/i;
const GIT_HASH = /\s*\[(?:git-hash|commit|sha):\s*([0-9a-f]{7,40})\]\s*$/i;
const TRAILING_SHA = /\s+\(?`?([0-9a-f]{7,40})`?\)?\s*$/;

function statusOf(marker: string): TaskStatus | undefined {
    if (marker === " ") return "pending";
    if (marker === "x" || marker === "X") return "done";
    if (marker === "~" || marker === "-" || marker === "/") return "in-progress";
    return undefined;
}

/** Strips `**Task:**`, `Task:`, bold and the trailing sha from a task's text. */
function cleanTitle(text: string): { title: string; sha?: string } {
    let t = text.trim();
    let sha: string | undefined;
    const git = GIT_HASH.exec(t);
    if (git) {
        sha = git[1];
        t = t.slice(0, git.index).trim();
    }
    const trailing = TRAILING_SHA.exec(t);
    if (!sha && trailing && /[0-9]/.test(trailing[1])) {
        sha = trailing[1];
        t = t.slice(0, trailing.index).trim();
    }
    t = t.replace(/^\*\*(.*?)\*\*:?\s*(.*)$/, (_, a: string, b: string) => `${a}${b ? ` ${b}` : ""}`).trim();
    t = t.replace(/^Task\s*:\s*/i, "").replace(/\*\*/g, "").trim();
    return { title: t, sha };
}

export function parsePlan(text: string): ParsedPlan {
    const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
    const phases: PlanPhase[] = [];
    const diagnostics: string[] = [];
    let title: string | undefined;
    let current: PlanPhase | undefined;
    let lastTask: PlanTask | undefined;
    let taskIndent = 0;
    let inFence = false;

    const ensurePhase = (lineNo: number): PlanPhase => {
        if (!current) {
            current = { number: phases.length + 1, title: "(no phase heading)", line: lineNo, tasks: [] };
            phases.push(current);
            diagnostics.push(`line ${lineNo}: tasks before any '## Phase' heading were grouped into an implicit phase ${current.number}`);
        }
        return current;
    };

    lines.forEach((raw, i) => {
        const lineNo = i + 1;
        if (/^\s*```/.test(raw)) {
            inFence = !inFence;
            return;
        }
        if (inFence) return;
        if (!title && /^#\s+/.test(raw)) {
            title = raw.replace(/^#\s+/, "").trim();
            return;
        }
        const phase = PHASE.exec(raw);
        if (phase) {
            const number = phase[1] ? Number(phase[1]) : phases.length + 1;
            const checkpoint = CHECKPOINT.exec(raw)?.[1];
            current = { number, title: phase[2].replace(CHECKPOINT, "").trim() || `Phase ${number}`, line: lineNo, checkpoint, tasks: [] };
            phases.push(current);
            lastTask = undefined;
            return;
        }
        const box = CHECKBOX.exec(raw);
        if (box) {
            const indent = box[1].replace(/\t/g, "    ").length;
            const status = statusOf(box[2])!;
            const { title: t, sha } = cleanTitle(box[3]);
            if (!t) {
                diagnostics.push(`line ${lineNo}: a checkbox item with no text was skipped`);
                return;
            }
            if (lastTask && indent > taskIndent) {
                lastTask.subtasks.push({ title: t, status, line: lineNo });
                return;
            }
            const task: PlanTask = { title: t, status, line: lineNo, manual: /user manual verification/i.test(t), sha, subtasks: [] };
            ensurePhase(lineNo).tasks.push(task);
            lastTask = task;
            taskIndent = indent;
            return;
        }
        const loose = LOOSE_MARKER.exec(raw);
        if (loose) diagnostics.push(`line ${lineNo}: unknown marker '[${loose[2]}]' (expected [ ], [~] or [x]); the item was skipped`);
    });
    for (const p of phases) if (p.tasks.length === 0) diagnostics.push(`line ${p.line}: phase ${p.number} '${p.title}' has no checkbox tasks`);
    return { title, phases, diagnostics };
}

/** A phase is finished when all its tasks are done. */
export function isPhaseDone(phase: PlanPhase): boolean {
    return phase.tasks.length > 0 && phase.tasks.every((t) => t.status === "done");
}
