import { type ResourceValidationPolicy } from "@pulumi/policy";
import { registry } from "../../lib/registry";

/** Execution history in CloudWatch Logs: level ALL with execution data. */
export const sfnStateMachineEnableLogging: ResourceValidationPolicy = registry.add({
    name: "sfn-state-machine-enable-logging",
    description: "State machines log at level ALL with execution data to a log group.",
    severity: "medium",
    remediationSteps: "Set loggingConfiguration: { level: 'ALL', includeExecutionData: true, logDestination: '<log group arn>:*' }.",
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:sfn/stateMachine:StateMachine") return;
        const l = args.props.loggingConfiguration as { level?: string; includeExecutionData?: boolean; logDestination?: string } | undefined;
        if (l?.level !== "ALL" || l.includeExecutionData !== true || !l.logDestination) {
            reportViolation(`${args.name} does not log every event with execution data; set loggingConfiguration level ALL, includeExecutionData true and a logDestination.`);
        }
    },
});
