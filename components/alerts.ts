/**
 * Where alarms, budgets and cost anomalies are sent: a KMS-encrypted SNS topic with the config's
 * e-mail subscribers, plus any existing topics (an on-call pager) named in config.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { KeyRef, StackContext } from "./shared";

export interface AlertsArgs {
    readonly stack: StackContext;
    readonly key: KeyRef;
    readonly emails: readonly string[];
    /** Existing topics that also receive every alarm. */
    readonly extraTopicArns: readonly string[];
    readonly tags: Record<string, string>;
}

export class Alerts extends pulumi.ComponentResource {
    public readonly topic: aws.sns.Topic;
    /** Known at preview. */
    public readonly topicArn: string;
    /** Every alarm action: this topic and the extra ones. */
    public readonly alarmActions: string[];
    public readonly emails: readonly string[];

    constructor(name: string, args: AlertsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("supervisor:observability:Alerts", name, {}, opts);
        const { stack } = args;
        this.topicArn = stack.arns.topic(stack.names.alertsTopic);
        this.emails = args.emails;
        this.topic = new aws.sns.Topic(`${name}-topic`, { name: stack.names.alertsTopic, kmsMasterKeyId: args.key.alias, tags: args.tags }, { parent: this });
        new aws.sns.TopicPolicy(
            `${name}-topic-policy`,
            {
                arn: this.topic.arn,
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "AlarmsBudgetsAndAnomaliesPublish",
                            Effect: "Allow",
                            Principal: { Service: ["cloudwatch.amazonaws.com", "budgets.amazonaws.com", "costalerts.amazonaws.com"] },
                            Action: "sns:Publish",
                            Resource: this.topicArn,
                            Condition: { StringEquals: { "aws:SourceAccount": stack.aws.accountId } },
                        },
                        {
                            Sid: "DenyInsecureTransport",
                            Effect: "Deny",
                            Principal: "*",
                            Action: "sns:Publish",
                            Resource: this.topicArn,
                            Condition: { Bool: { "aws:SecureTransport": false } },
                        },
                    ],
                }),
            },
            { parent: this },
        );
        args.emails.forEach((endpoint, i) => {
            new aws.sns.TopicSubscription(`${name}-email-${i}`, { topic: this.topic.arn, protocol: "email", endpoint }, { parent: this });
        });
        this.alarmActions = [this.topicArn, ...args.extraTopicArns];
        this.registerOutputs({ topicArn: this.topicArn });
    }
}
