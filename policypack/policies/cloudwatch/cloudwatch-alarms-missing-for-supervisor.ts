import { type StackValidationPolicy } from "@pulumi/policy";
import { json } from "../../lib/props";
import { registry } from "../../lib/registry";

type R = { type: string; name: string; urn: string; props: Record<string, any> };

function alarmsOn(resources: R[], namespace: string, metricName: string): R[] {
    return resources.filter((r) => {
        if (r.type !== "aws:cloudwatch/metricAlarm:MetricAlarm") return false;
        if (r.props.namespace === namespace && r.props.metricName === metricName) return true;
        return ((r.props.metricQueries as { metric?: { namespace?: string; metricName?: string } }[]) ?? []).some((q) => q.metric?.namespace === namespace && q.metric?.metricName === metricName);
    });
}

/**
 * The observability gate's alarms: failed executions for every state machine, depth of every
 * dead-letter queue, and the supervisor's token usage and loop-detection metrics.
 */
export const cloudwatchAlarmsMissingForSupervisor: StackValidationPolicy = registry.add({
    name: "cloudwatch-alarms-missing-for-supervisor",
    description: "Alarms exist for failed executions, DLQ depth, token usage and loops detected.",
    severity: "high",
    remediationSteps: "Add the alarms of components/repo-alarms.ts (and a DLQ depth alarm per dead-letter queue).",
    configSchema: { properties: { metricsNamespace: { type: "string", default: "SubagentSupervisor" } } },
    validateStack: (args, reportViolation) => {
        const resources = args.resources as unknown as R[];
        const ns = args.getConfig<{ metricsNamespace: string }>().metricsNamespace;
        const failedAlarms = alarmsOn(resources, "AWS/States", "ExecutionsFailed");
        for (const sm of resources.filter((r) => r.type === "aws:sfn/stateMachine:StateMachine")) {
            const arn = `:stateMachine:${sm.props.name}`;
            if (!failedAlarms.some((a) => String((a.props.dimensions as Record<string, string> | undefined)?.StateMachineArn ?? "").endsWith(arn))) {
                reportViolation(`State machine ${sm.name} has no ExecutionsFailed alarm; add one on AWS/States ExecutionsFailed for its ARN.`, sm.urn);
            }
        }
        const depthAlarms = alarmsOn(resources, "AWS/SQS", "ApproximateNumberOfMessagesVisible");
        const dlqNames = resources
            .filter((r) => r.type === "aws:sqs/queue:Queue")
            .map((q) => json<{ deadLetterTargetArn?: string }>(q.props.redrivePolicy)?.deadLetterTargetArn?.split(":").pop())
            .filter((n): n is string => Boolean(n));
        for (const dlq of resources.filter((r) => r.type === "aws:sqs/queue:Queue" && dlqNames.includes(String(r.props.name)))) {
            if (!depthAlarms.some((a) => (a.props.dimensions as Record<string, string> | undefined)?.QueueName === dlq.props.name)) {
                reportViolation(`Dead-letter queue ${dlq.name} has no depth alarm; add one on ApproximateNumberOfMessagesVisible > 0.`, dlq.urn);
            }
        }
        if (resources.some((r) => r.type === "aws:sfn/stateMachine:StateMachine")) {
            for (const metric of ["InputTokens", "OutputTokens", "LoopsDetected"]) {
                if (alarmsOn(resources, ns, metric).length === 0) reportViolation(`No alarm watches ${ns}/${metric}; add the token-usage and loop-detection alarms (components/repo-alarms.ts).`);
            }
        }
    },
});
