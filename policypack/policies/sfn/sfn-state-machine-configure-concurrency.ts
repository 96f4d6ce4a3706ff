import { type ResourceValidationPolicy } from "@pulumi/policy";
import { allStates, parseDefinition } from "../../lib/definition";
import { registry } from "../../lib/registry";

/** Every Map state caps its parallelism, and every Task state has a timeout. */
export const sfnStateMachineConfigureConcurrency: ResourceValidationPolicy = registry.add({
    name: "sfn-state-machine-configure-concurrency",
    description: "Map states set MaxConcurrency (1 to the configured maximum) and Task states set TimeoutSeconds; the machine has an overall timeout.",
    severity: "high",
    remediationSteps: "Set MaxConcurrency on every Map (the repo's mapMaxConcurrency), TimeoutSeconds on every Task and at the top level.",
    configSchema: { properties: { maxMapConcurrency: { type: "number", default: 40 } } },
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:sfn/stateMachine:StateMachine") return;
        const machine = parseDefinition(args.props.definition);
        if (!machine) {
            reportViolation(`${args.name}'s definition is not a JSON state machine the gate can read.`);
            return;
        }
        const max = args.getConfig<{ maxMapConcurrency: number }>().maxMapConcurrency;
        if (!(machine as { TimeoutSeconds?: number }).TimeoutSeconds) reportViolation(`${args.name} has no overall TimeoutSeconds; set one so a stuck run ends.`);
        for (const { name, state } of allStates(machine)) {
            if (state.Type === "Map") {
                const n = state.MaxConcurrency as number | undefined;
                if (!n || n < 1) reportViolation(`${args.name}: Map state '${name}' has no MaxConcurrency (0 means unlimited); set it to cap parallel subagents.`);
                else if (n > max) reportViolation(`${args.name}: Map state '${name}' has MaxConcurrency ${n}, over the maximum of ${max}.`);
            }
            if (state.Type === "Task" && !state.TimeoutSeconds && !state.TimeoutSecondsPath) reportViolation(`${args.name}: Task state '${name}' has no TimeoutSeconds; set one.`);
        }
    },
});
