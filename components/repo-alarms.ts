/**
 * Alarms and a dashboard for one repo: failed and timed-out executions, Lambda errors and
 * throttles, token usage over each agent's daily budget, loops detected and rejected patches.
 * The token and loop metrics are the Embedded Metric Format metrics the handlers emit
 * (runtime/handler-env.ts `Metrics`, `METRIC_DIMENSIONS`).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { METRICS_NAMESPACE, Metrics } from "../runtime/handler-env";
import type { StackContext } from "./shared";

export interface RepoAlarmsArgs {
    readonly stack: StackContext;
    readonly repo: string;
    readonly stateMachineArn: string;
    readonly functionNames: readonly string[];
    readonly agents: readonly { readonly name: string; readonly dailyTokenBudget: number }[];
    readonly alarmActions: readonly string[];
    readonly tags: Record<string, string>;
}

const DAY = 86_400;

export class RepoAlarms extends pulumi.ComponentResource {
    public readonly alarmNames: string[] = [];

    constructor(name: string, args: RepoAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("supervisor:observability:RepoAlarms", name, {}, opts);
        const { stack, repo, tags } = args;
        const actions = [...args.alarmActions];
        const alarm = (id: string, props: Omit<aws.cloudwatch.MetricAlarmArgs, "name" | "alarmActions" | "okActions" | "tags">) => {
            const alarmName = `supervisor-${stack.env}-${repo}-${id}`;
            this.alarmNames.push(alarmName);
            return new aws.cloudwatch.MetricAlarm(`${name}-${id}`, { name: alarmName, alarmActions: actions, okActions: actions, treatMissingData: "notBreaching", tags, ...props }, { parent: this });
        };

        for (const metric of ["ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted"]) {
            alarm(metric.replace("Executions", "executions-").toLowerCase(), {
                alarmDescription: `A ${repo} supervisor run ${metric.replace("Executions", "").toLowerCase()}: open the execution in the Step Functions console; tasks that failed are in runs/<runId>/merge/report.json.`,
                namespace: "AWS/States",
                metricName: metric,
                dimensions: { StateMachineArn: args.stateMachineArn },
                statistic: "Sum",
                period: 300,
                evaluationPeriods: 1,
                threshold: 0,
                comparisonOperator: "GreaterThanThreshold",
            });
        }
        for (const fn of args.functionNames) {
            for (const metric of ["Errors", "Throttles"]) {
                alarm(`${fn.replace(`supervisor-${stack.env}-${repo}-`, "")}-${metric.toLowerCase()}`, {
                    alarmDescription: `${fn} ${metric.toLowerCase()}: ${metric === "Throttles" ? "reserved concurrency is the cap; raise it in the stack config only if the budget allows" : "see its log group"}.`,
                    namespace: "AWS/Lambda",
                    metricName: metric,
                    dimensions: { FunctionName: fn },
                    statistic: "Sum",
                    period: 300,
                    evaluationPeriods: 1,
                    threshold: 0,
                    comparisonOperator: "GreaterThanThreshold",
                });
            }
        }
        for (const agent of args.agents) {
            const dims = { env: stack.env, repo, agent: agent.name };
            alarm(`${agent.name}-tokens-over-budget`, {
                alarmDescription: `${repo}/${agent.name} used more than its daily token budget (${agent.dailyTokenBudget}).`,
                metricQueries: [
                    { id: "input", metric: { namespace: METRICS_NAMESPACE, metricName: Metrics.InputTokens, dimensions: dims, stat: "Sum", period: DAY } },
                    { id: "output", metric: { namespace: METRICS_NAMESPACE, metricName: Metrics.OutputTokens, dimensions: dims, stat: "Sum", period: DAY } },
                    { id: "total", expression: "input + output", label: "Tokens per day", returnData: true },
                ],
                evaluationPeriods: 1,
                threshold: agent.dailyTokenBudget,
                comparisonOperator: "GreaterThanThreshold",
            });
            alarm(`${agent.name}-loops-detected`, {
                alarmDescription: `${repo}/${agent.name} was stopped by loop detection (same patch again, or over its iteration or token caps).`,
                namespace: METRICS_NAMESPACE,
                metricName: Metrics.LoopsDetected,
                dimensions: dims,
                statistic: "Sum",
                period: 300,
                evaluationPeriods: 1,
                threshold: 0,
                comparisonOperator: "GreaterThanThreshold",
            });
        }

        new aws.cloudwatch.Dashboard(
            `${name}-dashboard`,
            { dashboardName: `supervisor-${stack.env}-${repo}`, dashboardBody: JSON.stringify(dashboardBody(stack, repo, args)) },
            { parent: this },
        );
        this.registerOutputs({ alarmNames: this.alarmNames });
    }
}

/** Executions, tokens, loops and patch outcomes for one repo, side by side. */
export function dashboardBody(stack: StackContext, repo: string, args: Pick<RepoAlarmsArgs, "stateMachineArn" | "agents">): Record<string, unknown> {
    const region = stack.aws.region;
    const perAgent = (metric: string) => args.agents.map((a) => [METRICS_NAMESPACE, metric, "env", stack.env, "repo", repo, "agent", a.name]);
    const widget = (title: string, metrics: unknown[], x: number, y: number) => ({ type: "metric", x, y, width: 12, height: 6, properties: { title, region, stat: "Sum", period: 300, metrics } });
    return {
        widgets: [
            widget("Executions", ["ExecutionsStarted", "ExecutionsSucceeded", "ExecutionsFailed", "ExecutionsTimedOut"].map((m) => ["AWS/States", m, "StateMachineArn", args.stateMachineArn]), 0, 0),
            widget("Input tokens by agent", perAgent(Metrics.InputTokens), 12, 0),
            widget("Output tokens by agent", perAgent(Metrics.OutputTokens), 0, 6),
            widget("Loops detected", perAgent(Metrics.LoopsDetected), 12, 6),
            widget("Rejected patches", perAgent(Metrics.PatchesRejected), 0, 12),
            widget("Patch bytes", perAgent(Metrics.PatchBytes), 12, 12),
        ],
    };
}
