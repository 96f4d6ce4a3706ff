import { type ResourceValidationPolicy } from "@pulumi/policy";
import { type Machine, successors } from "../../lib/definition";
import { parseDefinition } from "../../lib/definition";
import { registry } from "../../lib/registry";

/**
 * Every path of a supervisor state machine that dispatches subagents ends through the merge step:
 * starting at StartAt, every path that reaches a Map or Parallel state (the subagents) must pass
 * a Task state whose function name matches the configured merge pattern before it can reach a
 * Succeed state or an End. Paths that end before any subagent ran (nothing to dispatch) and Fail
 * states are fine.
 */
export const sfnStateMachineEnforceMergeStep: ResourceValidationPolicy = registry.add({
    name: "sfn-state-machine-enforce-merge-step",
    description: "Subagent output reaches the repository only through the merge step: every path after the subagents passes it.",
    severity: "critical",
    remediationSteps: "Route the Map/Parallel state's Next to the merge Task (lib/state-machine-definition.ts does).",
    configSchema: { properties: { mergeFunctionPattern: { type: "string", default: "-merge$" } } },
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:sfn/stateMachine:StateMachine") return;
        const machine = parseDefinition(args.props.definition);
        if (!machine) return;
        const pattern = new RegExp(args.getConfig<{ mergeFunctionPattern: string }>().mergeFunctionPattern);
        const isMerge = (name: string) => {
            const s = machine.States[name];
            const fn = String(s?.Parameters?.FunctionName ?? s?.Resource ?? "").split(":function:").pop()?.split(":")[0] ?? "";
            return s?.Type === "Task" && pattern.test(fn);
        };
        if (!Object.keys(machine.States).some(isMerge)) {
            reportViolation(`${args.name} has no merge step (a Task invoking a function matching ${pattern}); subagent patches must be validated and merged.`);
            return;
        }
        const leak = unmergedPath(machine, isMerge);
        if (leak) reportViolation(`${args.name}: the path ${leak.join(" -> ")} ends after the subagents without passing the merge step.`);
    },
});

/** A path from StartAt that passes a Map/Parallel and ends without the merge step, if any. */
function unmergedPath(machine: Machine, isMerge: (name: string) => boolean): string[] | undefined {
    const seen = new Set<string>();
    const walk = (name: string, dispatched: boolean, path: string[]): string[] | undefined => {
        const key = `${name}|${dispatched}`;
        if (seen.has(key)) return undefined;
        seen.add(key);
        const state = machine.States[name];
        if (!state) return undefined;
        if (isMerge(name)) return undefined;
        const nowDispatched = dispatched || state.Type === "Map" || state.Type === "Parallel";
        const next = successors(state);
        if (state.Type === "Fail") return undefined;
        if (state.Type === "Succeed" || state.End === true || next.length === 0) return nowDispatched ? [...path, name] : undefined;
        for (const n of next) {
            const leak = walk(n, nowDispatched, [...path, name]);
            if (leak) return leak;
        }
        return undefined;
    };
    return walk(machine.StartAt, false, []);
}
