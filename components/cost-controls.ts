/**
 * The cost gate's resources: monthly budgets per repo and per agent (80 % forecast and 100 %
 * actual notifications), a platform budget for shared infrastructure, the cost allocation tags
 * activated, and a cost anomaly monitor with a subscription per agent.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { COST_ALLOCATION_TAG_KEYS, PLATFORM_AGENT, SHARED_REPO } from "../lib/tags";
import type { StackContext } from "./shared";

export interface BudgetTarget {
    /** Resource name suffix and budget name part. */
    readonly id: string;
    readonly monthlyUsd: number;
    /** Cost filter: the tag values that count (any of them). */
    readonly tags: readonly { readonly key: "repo" | "agent"; readonly value: string }[];
}

export interface CostControlsArgs {
    readonly stack: StackContext;
    readonly budgets: readonly BudgetTarget[];
    /** Agent tag values that get an anomaly monitor each. */
    readonly anomalyAgents: readonly string[];
    /** Absolute impact (USD) above which an anomaly is sent. @default 25 */
    readonly anomalyThresholdUsd?: number;
    readonly emails: readonly string[];
    readonly topicArn: string;
    /** See config.ts `activateCostAllocationTags`. */
    readonly activateCostAllocationTags: boolean;
    readonly tags: Record<string, string>;
}

/** `user:<key>$<value>`: how Cost Explorer and Budgets name a cost allocation tag value. */
export function tagFilterValue(key: string, value: string): string {
    return `user:${key}$${value}`;
}

/** The platform budget covers shared infrastructure and each repo's supervisor functions. */
export function platformBudget(monthlyUsd: number): BudgetTarget {
    return { id: "platform", monthlyUsd, tags: [{ key: "agent", value: PLATFORM_AGENT }, { key: "repo", value: SHARED_REPO }] };
}

export class CostControls extends pulumi.ComponentResource {
    constructor(name: string, args: CostControlsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("supervisor:cost:CostControls", name, {}, opts);
        const { stack, tags } = args;

        for (const key of args.activateCostAllocationTags ? COST_ALLOCATION_TAG_KEYS : []) {
            new aws.costexplorer.CostAllocationTag(`${name}-tag-${key.replace(/_/g, "-")}`, { tagKey: key, status: "Active" }, { parent: this });
        }

        for (const b of args.budgets) {
            new aws.budgets.Budget(
                `${name}-budget-${b.id}`,
                {
                    name: `supervisor-${stack.env}-${b.id}`,
                    budgetType: "COST",
                    limitAmount: b.monthlyUsd.toFixed(2),
                    limitUnit: "USD",
                    timeUnit: "MONTHLY",
                    costFilters: [{ name: "TagKeyValue", values: b.tags.map((t) => tagFilterValue(t.key, t.value)) }],
                    notifications: [
                        { comparisonOperator: "GREATER_THAN", threshold: 80, thresholdType: "PERCENTAGE", notificationType: "FORECASTED", subscriberEmailAddresses: [...args.emails], subscriberSnsTopicArns: [args.topicArn] },
                        { comparisonOperator: "GREATER_THAN", threshold: 100, thresholdType: "PERCENTAGE", notificationType: "ACTUAL", subscriberEmailAddresses: [...args.emails], subscriberSnsTopicArns: [args.topicArn] },
                    ],
                    tags,
                },
                { parent: this },
            );
        }

        for (const agent of args.anomalyAgents) {
            const id = agent.replace(/[^a-z0-9-]/g, "-");
            const monitor = new aws.costexplorer.AnomalyMonitor(
                `${name}-anomaly-${id}`,
                {
                    name: `supervisor-${stack.env}-${id}`,
                    monitorType: "CUSTOM",
                    monitorSpecification: JSON.stringify({ Tags: { Key: "agent", Values: [agent], MatchOptions: ["EQUALS"] } }),
                    tags,
                },
                { parent: this },
            );
            new aws.costexplorer.AnomalySubscription(
                `${name}-anomaly-${id}-subscription`,
                {
                    name: `supervisor-${stack.env}-${id}`,
                    frequency: "IMMEDIATE",
                    monitorArnLists: [monitor.arn],
                    subscribers: [{ type: "SNS", address: args.topicArn }],
                    thresholdExpression: { dimension: { key: "ANOMALY_TOTAL_IMPACT_ABSOLUTE", matchOptions: ["GREATER_THAN_OR_EQUAL"], values: [String(args.anomalyThresholdUsd ?? 25)] } },
                    tags,
                },
                { parent: this },
            );
        }
        this.registerOutputs({});
    }
}
