/**
 * The dry-run provider works on any real Conductor folder without a model: each subagent answers
 * with a real unified diff that marks its own task (and its sub-tasks) done in plan.md and adds a
 * note file for the task under the track's `notes/`. Tasks sit on different lines, so N agents'
 * answers merge cleanly; with `conflictOn` set, an agent also rewrites another task's line
 * differently, which the merge must report as a conflict. Token usage is estimated (length / 4).
 */
import { createTwoFilesPatch } from "diff";
import type { TaskRef } from "../contracts";
import { estimateTokens, type ModelAnswer, type ModelProvider, type ModelRequest } from "./provider";

export interface DryRunOptions {
    /** For a task id, another task whose line this agent also rewrites (conflict injection). */
    readonly conflictOn?: (task: TaskRef) => TaskRef | undefined;
}

const DONE = /^(\s*[-*+]\s+)\[[ ~]\](\s+)/;

export class DryRunProvider implements ModelProvider {
    readonly name = "dry-run";

    constructor(private readonly options: DryRunOptions = {}) {}

    async complete(request: ModelRequest): Promise<ModelAnswer> {
        const subject = request.subject;
        const task = subject?.task;
        if (!subject || !task) throw new Error("dry-run provider: the request names no task");
        const planPath = `conductor/tracks/${subject.track}/plan.md`;
        const plan = subject.files?.get(planPath);
        if (plan === undefined) throw new Error(`dry-run provider: the context has no ${planPath}`);

        const lines = plan.split("\n");
        const mark = (lineNo: number) => {
            const i = lineNo - 1;
            if (lines[i] !== undefined) lines[i] = lines[i].replace(DONE, "$1[x]$2");
        };
        mark(task.line);
        // Sub-tasks are the indented checkbox lines right under the task.
        for (let i = task.line; i < lines.length && /^\s{2,}[-*+]\s+\[/.test(lines[i]); i++) mark(i + 1);
        const other = this.options.conflictOn?.(task);
        if (other && lines[other.line - 1] !== undefined) lines[other.line - 1] = `${lines[other.line - 1].replace(DONE, "$1[~]$2")} (reassigned to ${subject.agent})`;

        const planDiff = createTwoFilesPatch(`a/${planPath}`, `b/${planPath}`, plan, lines.join("\n"), undefined, undefined, { context: 3 });
        const notePath = `conductor/tracks/${subject.track}/notes/${task.taskId}.md`;
        const note = `# ${task.taskId}: ${task.title}\n\nDone by ${subject.agent} (dry run: no model was called).\n${task.subtasks.map((s) => `- ${s}\n`).join("")}`;
        const noteDiff = createTwoFilesPatch("/dev/null", `b/${notePath}`, "", note, undefined, undefined, { context: 3 });
        const text = `Marking ${task.taskId} done.\n\n\`\`\`diff\n${stripIndexHeader(planDiff)}${stripIndexHeader(noteDiff)}\`\`\`\n`;
        return { text, usage: { input: estimateTokens(request.system + request.prompt), output: estimateTokens(text) }, latencyMs: 0 };
    }
}

/** jsdiff starts a patch with `Index:` and `===` lines; a plain unified diff does without. */
function stripIndexHeader(patch: string): string {
    return patch.replace(/^(Index: .*\n)?=+\n/, "");
}
