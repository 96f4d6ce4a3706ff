/**
 * Which tasks a run dispatches: the pending tasks of the first unfinished phase. Manual
 * verification tasks are human checkpoints and are never sent to an agent; in-progress tasks
 * belong to someone already; a plan with no checkbox tasks dispatches nothing and says why.
 */
import type { TaskRef } from "../contracts";
import { isPhaseDone, type ParsedPlan, type PlanPhase, type PlanTask } from "./plan";

export interface DispatchableTask {
    /** 1-based position of the phase and of the task within it. */
    readonly phaseIndex: number;
    readonly taskIndex: number;
    readonly phase: PlanPhase;
    readonly task: PlanTask;
}

export interface DispatchPlan {
    /** The phase being worked, if any. */
    readonly phase?: PlanPhase;
    readonly tasks: DispatchableTask[];
    /** Why nothing (or less than everything) is dispatched. */
    readonly diagnostics: string[];
}

export function dispatchableTasks(plan: ParsedPlan): DispatchPlan {
    const diagnostics: string[] = [];
    if (plan.phases.every((p) => p.tasks.length === 0)) {
        return { tasks: [], diagnostics: ["plan.md has no checkbox tasks ('- [ ] Task: ...'), so there is nothing to dispatch"] };
    }
    const index = plan.phases.findIndex((p) => !isPhaseDone(p) && p.tasks.length > 0);
    if (index < 0) return { tasks: [], diagnostics: ["every phase of plan.md is done; nothing to dispatch"] };
    const phase = plan.phases[index];
    const tasks: DispatchableTask[] = [];
    phase.tasks.forEach((task, i) => {
        if (task.status !== "pending") {
            if (task.status === "in-progress") diagnostics.push(`'${task.title}' is in progress ([~]) and is left to whoever started it`);
            return;
        }
        if (task.manual) {
            diagnostics.push(`'${task.title}' is a manual verification checkpoint and is never sent to an agent`);
            return;
        }
        tasks.push({ phaseIndex: index + 1, taskIndex: i + 1, phase, task });
    });
    if (tasks.length === 0) diagnostics.unshift(`phase ${phase.number} '${phase.title}' has no pending task an agent can take`);
    return { phase, tasks, diagnostics };
}

/** Routes a task to the first agent (in config order) one of whose words its title contains. */
export function routeTask(title: string, routes: Record<string, readonly string[]>, defaultAgent: string): string {
    const lower = title.toLowerCase();
    for (const [agent, words] of Object.entries(routes)) {
        if (words.some((w) => new RegExp(`\\b${w.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`).test(lower))) return agent;
    }
    return defaultAgent;
}

/** The dispatched tasks in the state machine's payload shape. */
export function toTaskRefs(dispatch: DispatchPlan, route: (title: string) => string): TaskRef[] {
    return dispatch.tasks.map((d) => ({
        taskId: `p${d.phaseIndex}-t${d.taskIndex}`,
        phase: d.phaseIndex,
        phaseTitle: d.phase.title,
        title: d.task.title,
        agent: route(d.task.title),
        line: d.task.line,
        subtasks: d.task.subtasks.map((s) => s.title),
    }));
}
