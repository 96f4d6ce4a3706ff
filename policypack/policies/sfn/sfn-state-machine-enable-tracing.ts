import { type ResourceValidationPolicy } from "@pulumi/policy";
import { registry } from "../../lib/registry";

/** X-Ray tracing on every state machine. */
export const sfnStateMachineEnableTracing: ResourceValidationPolicy = registry.add({
    name: "sfn-state-machine-enable-tracing",
    description: "State machines have X-Ray tracing enabled.",
    severity: "medium",
    remediationSteps: "Set tracingConfiguration: { enabled: true }.",
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:sfn/stateMachine:StateMachine") return;
        if ((args.props.tracingConfiguration as { enabled?: boolean } | undefined)?.enabled !== true) reportViolation(`${args.name} does not trace; set tracingConfiguration: { enabled: true }.`);
    },
});
