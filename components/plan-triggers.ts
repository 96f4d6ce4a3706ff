/**
 * The trigger path: S3 "Object Created" events for `repos/<repo>/conductor/tracks/<track>/plan.md` go from
 * EventBridge to an encrypted SQS queue (with a DLQ), which a dispatcher Lambda drains through an
 * event source mapping with a maximum concurrency and batch-item failures. The dispatcher starts
 * one execution per plan version and hands a record back (batch-item failure) when a repo already
 * runs its maximum: the queue is the backpressure.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { dispatcherPolicy } from "../lib/iam-documents";
import { HandlerEnv, METRICS_NAMESPACE } from "../runtime/handler-env";
import type { KeyRef, Placement, StackContext } from "./shared";
import { SupervisedFunction } from "./supervised-function";

export const DISPATCHER_TIMEOUT_SECONDS = 60;
/** AWS's guidance: a queue's visibility timeout at least six times its consumer's timeout. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;
/** Receives before a record goes to the DLQ (backpressure retries included). */
export const MAX_RECEIVE_COUNT = 10;

export interface PlanTriggersArgs {
    readonly stack: StackContext;
    readonly bucketName: string;
    readonly queueKey: KeyRef;
    readonly logsKey: KeyRef;
    readonly placement: Placement;
    /** repo -> state machine name. */
    readonly stateMachines: Record<string, string>;
    /** repo -> maximum running executions. */
    readonly maxRunningExecutions: Record<string, number>;
    /** The event source mapping's maximum concurrency (2-1000). */
    readonly maxConcurrency: number;
    /** Where the DLQ depth alarm goes. */
    readonly alarmActions: readonly string[];
    readonly tags: Record<string, string>;
}

/** The EventBridge pattern: created plan.md objects under repos/ in the artifact bucket. */
export function planCreatedPattern(bucketName: string): Record<string, unknown> {
    return {
        source: ["aws.s3"],
        "detail-type": ["Object Created"],
        detail: { bucket: { name: [bucketName] }, object: { key: [{ wildcard: "repos/*/conductor/tracks/*/plan.md" }] } },
    };
}

export class PlanTriggers extends pulumi.ComponentResource {
    public readonly queue: aws.sqs.Queue;
    public readonly deadLetterQueue: aws.sqs.Queue;
    public readonly dispatcher: SupervisedFunction;
    public readonly rule: aws.cloudwatch.EventRule;
    /** Known at preview. */
    public readonly queueName: string;
    public readonly deadLetterQueueName: string;

    constructor(name: string, args: PlanTriggersArgs, opts?: pulumi.ComponentResourceOptions) {
        super("supervisor:triggers:PlanTriggers", name, {}, opts);
        const { stack, tags } = args;
        this.queueName = stack.names.queue;
        this.deadLetterQueueName = stack.names.deadLetterQueue;
        const queueArn = stack.arns.queue(this.queueName);

        this.deadLetterQueue = new aws.sqs.Queue(
            `${name}-dlq`,
            { name: this.deadLetterQueueName, kmsMasterKeyId: args.queueKey.alias, kmsDataKeyReusePeriodSeconds: 300, messageRetentionSeconds: 14 * 24 * 3600, tags },
            { parent: this },
        );
        this.queue = new aws.sqs.Queue(
            `${name}-queue`,
            {
                name: this.queueName,
                kmsMasterKeyId: args.queueKey.alias,
                kmsDataKeyReusePeriodSeconds: 300,
                visibilityTimeoutSeconds: DISPATCHER_TIMEOUT_SECONDS * VISIBILITY_TIMEOUT_FACTOR,
                messageRetentionSeconds: 4 * 24 * 3600,
                redrivePolicy: JSON.stringify({ deadLetterTargetArn: stack.arns.queue(this.deadLetterQueueName), maxReceiveCount: MAX_RECEIVE_COUNT }),
                tags,
            },
            { parent: this, dependsOn: [this.deadLetterQueue] },
        );

        this.rule = new aws.cloudwatch.EventRule(
            `${name}-rule`,
            { name: stack.names.planRule, description: "A plan.md was created or overwritten under repos/", eventPattern: JSON.stringify(planCreatedPattern(args.bucketName)), tags },
            { parent: this },
        );
        new aws.sqs.QueuePolicy(
            `${name}-queue-policy`,
            {
                queueUrl: this.queue.url,
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "PlanRuleSendsOnly",
                            Effect: "Allow",
                            Principal: { Service: "events.amazonaws.com" },
                            Action: "sqs:SendMessage",
                            Resource: queueArn,
                            Condition: { ArnEquals: { "aws:SourceArn": stack.arns.eventRule(stack.names.planRule) } },
                        },
                    ],
                }),
            },
            { parent: this },
        );
        new aws.sqs.QueuePolicy(
            `${name}-dlq-policy`,
            {
                queueUrl: this.deadLetterQueue.url,
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "UndeliverablePlanEvents",
                            Effect: "Allow",
                            Principal: { Service: "events.amazonaws.com" },
                            Action: "sqs:SendMessage",
                            Resource: stack.arns.queue(this.deadLetterQueueName),
                            Condition: { ArnEquals: { "aws:SourceArn": stack.arns.eventRule(stack.names.planRule) } },
                        },
                    ],
                }),
            },
            { parent: this },
        );
        new aws.cloudwatch.EventTarget(`${name}-target`, { rule: this.rule.name, arn: this.queue.arn, retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86400 }, deadLetterConfig: { arn: this.deadLetterQueue.arn } }, { parent: this });

        const stateMachineArns = Object.fromEntries(Object.entries(args.stateMachines).map(([repo, sm]) => [repo, stack.arns.stateMachine(sm)]));
        this.dispatcher = new SupervisedFunction(
            `${name}-dispatcher`,
            {
                stack,
                entry: "dispatcher",
                functionName: stack.names.dispatcher,
                roleName: stack.names.dispatcher,
                role: "dispatcher",
                policy: dispatcherPolicy({
                    arns: stack.arns,
                    logGroup: stack.names.lambdaLogGroup(stack.names.dispatcher),
                    metricsNamespace: METRICS_NAMESPACE,
                    inVpc: true,
                    queueArn,
                    queueKeyAlias: args.queueKey.alias,
                    region: stack.aws.region,
                    stateMachineArns: Object.values(stateMachineArns),
                    executionArns: Object.values(args.stateMachines).map((sm) => stack.arns.execution(sm)),
                }),
                environment: {
                    [HandlerEnv.ArtifactBucket]: args.bucketName,
                    [HandlerEnv.EnvName]: stack.env,
                    [HandlerEnv.MetricsNamespace]: METRICS_NAMESPACE,
                    [HandlerEnv.StateMachineArns]: JSON.stringify(stateMachineArns),
                    [HandlerEnv.MaxRunningExecutions]: JSON.stringify(args.maxRunningExecutions),
                },
                timeoutSeconds: DISPATCHER_TIMEOUT_SECONDS,
                memoryMb: 256,
                reservedConcurrency: args.maxConcurrency,
                placement: args.placement,
                logsKey: args.logsKey,
                tags,
            },
            { parent: this },
        );
        new aws.lambda.EventSourceMapping(
            `${name}-mapping`,
            {
                // Built from the name (known at preview) so the gates can see it is an SQS source.
                eventSourceArn: queueArn,
                functionName: this.dispatcher.function.arn,
                batchSize: 10,
                maximumBatchingWindowInSeconds: 5,
                functionResponseTypes: ["ReportBatchItemFailures"],
                scalingConfig: { maximumConcurrency: args.maxConcurrency },
                tags,
            },
            { parent: this, dependsOn: [this.queue] },
        );
        new aws.cloudwatch.MetricAlarm(
            `${name}-dlq-depth`,
            {
                name: `supervisor-${stack.env}-plan-events-dlq-depth`,
                alarmDescription: "Plan events reached the dead-letter queue: a plan upload started no run. Inspect the messages, fix the cause, redrive them.",
                namespace: "AWS/SQS",
                metricName: "ApproximateNumberOfMessagesVisible",
                dimensions: { QueueName: this.deadLetterQueueName },
                statistic: "Maximum",
                period: 300,
                evaluationPeriods: 1,
                threshold: 0,
                comparisonOperator: "GreaterThanThreshold",
                treatMissingData: "notBreaching",
                alarmActions: [...args.alarmActions],
                okActions: [...args.alarmActions],
                tags,
            },
            { parent: this },
        );
        this.registerOutputs({ queueName: this.queueName, dispatcherArn: this.dispatcher.functionArn });
    }
}
