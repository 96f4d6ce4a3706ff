/**
 * The whole cloud subagent supervisor of one environment stack, as a table of contents:
 * keys -> network -> artifact store -> alerts -> secrets -> Fargate cluster (if any agent needs
 * it) -> one RepoSupervisor per repo -> the plan triggers -> cost controls.
 */
import * as pulumi from "@pulumi/pulumi";
import { type SupervisorConfig, workflowTypeFor } from "../config";
import { type AwsContext, arns } from "../lib/arns";
import { namesFor } from "../lib/naming";
import { agentTagValue, tagsFor } from "../lib/tags";
import { AgentCluster } from "./agent-cluster";
import { Alerts } from "./alerts";
import { ArtifactStore } from "./artifact-store";
import { type BudgetTarget, CostControls, platformBudget } from "./cost-controls";
import { SupervisorKeys } from "./keys";
import { SupervisorNetwork } from "./network";
import { PlanTriggers } from "./plan-triggers";
import { RepoSupervisor } from "./repo-supervisor";
import { RepoSecrets } from "./secrets";
import type { StackContext } from "./shared";

export interface SubagentSupervisorArgs {
    /** The validated stack config (config.ts). */
    readonly config: SupervisorConfig;
    /** Account, region and partition, from the provider's invokes (known at preview). */
    readonly aws: AwsContext;
}

export class SubagentSupervisor extends pulumi.ComponentResource {
    public readonly bucketName: string;
    public readonly stateMachineArns: Record<string, string>;
    public readonly queueName: string;
    public readonly alertsTopicArn: string;
    public readonly uploaderRoleArn: pulumi.Output<string>;
    public readonly repos: Record<string, RepoSupervisor> = {};

    constructor(name: string, args: SubagentSupervisorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("supervisor:index:SubagentSupervisor", name, {}, opts);
        const { config } = args;
        const stack: StackContext = { env: config.env, aws: args.aws, names: namesFor(config.env, args.aws.accountId), arns: arns(args.aws), logRetentionDays: config.logRetentionDays };
        const shared = tagsFor({ env: config.env });
        const repoTags = (repo?: string) => tagsFor({ env: config.env, repo });
        const parent = { parent: this };

        const keys = new SupervisorKeys(`${name}-keys`, { stack, tags: shared }, parent);
        const network = new SupervisorNetwork(
            `${name}-network`,
            {
                stack,
                cidrBlock: config.vpcCidr,
                availabilityZoneCount: config.availabilityZoneCount,
                bucketNames: [stack.names.bucket],
                modelIds: config.repos.flatMap((r) => r.agents.map((a) => a.modelId)),
                tags: shared,
            },
            parent,
        );
        const placement = { subnetIds: network.privateSubnetIds, securityGroupIds: [network.computeSecurityGroup.id] };

        const store = new ArtifactStore(
            `${name}-artifacts`,
            { stack, key: keys.refs.artifacts, runsRetentionDays: config.runsRetentionDays, mergeRoleNames: config.repos.map((r) => stack.names.role(r.name, "merge")), tags: shared },
            parent,
        );
        this.bucketName = store.bucketName;
        this.uploaderRoleArn = store.uploaderRole.arn;

        const alerts = new Alerts(`${name}-alerts`, { stack, key: keys.refs.alerts, emails: config.alerts.emails, extraTopicArns: config.alerts.snsTopicArns, tags: shared }, parent);
        this.alertsTopicArn = alerts.topicArn;

        const secrets = new RepoSecrets(
            `${name}-secrets`,
            { stack, repos: config.repos.map((r) => r.name), key: keys.refs.secrets, logsKey: keys.refs.logs, placement, tagsFor: repoTags },
            parent,
        );

        const needsCluster = config.repos.some((r) => r.agents.some((a) => a.kind === "fargate"));
        const cluster = needsCluster ? new AgentCluster(`${name}-agents`, { stack, key: keys.refs.artifacts, tags: shared }, parent) : undefined;

        const bucket = { arns: stack.arns, bucket: store.bucketName, keyAlias: keys.refs.artifacts.alias, region: stack.aws.region };
        for (const repo of config.repos) {
            this.repos[repo.name] = new RepoSupervisor(
                `${name}-${repo.name}`,
                {
                    stack,
                    repo,
                    workflowType: workflowTypeFor(config, repo),
                    executionTimeoutSeconds: config.executionTimeoutSeconds,
                    bucket,
                    logsKey: keys.refs.logs,
                    secretsKey: keys.refs.secrets,
                    secretArn: secrets.secretArns[repo.name],
                    placement,
                    fargateNetwork: { subnetIds: pulumi.all(network.privateSubnetIds), securityGroupIds: pulumi.all([network.computeSecurityGroup.id]) },
                    cluster,
                    alarmActions: alerts.alarmActions,
                },
                parent,
            );
        }
        this.stateMachineArns = Object.fromEntries(Object.entries(this.repos).map(([r, s]) => [r, s.stateMachineArn]));

        const triggers = new PlanTriggers(
            `${name}-triggers`,
            {
                stack,
                bucketName: store.bucketName,
                queueKey: keys.refs.queue,
                logsKey: keys.refs.logs,
                placement,
                stateMachines: Object.fromEntries(Object.entries(this.repos).map(([r, s]) => [r, s.stateMachineName])),
                maxRunningExecutions: Object.fromEntries(config.repos.map((r) => [r.name, r.maxRunningExecutions])),
                maxConcurrency: config.dispatcherMaxConcurrency,
                alarmActions: alerts.alarmActions,
                tags: shared,
            },
            parent,
        );
        this.queueName = triggers.queueName;

        new CostControls(
            `${name}-cost`,
            {
                stack,
                budgets: budgetTargets(config),
                anomalyAgents: config.repos.flatMap((r) => r.agents.map((a) => agentTagValue(r.name, a.name))),
                emails: config.alerts.emails,
                topicArn: alerts.topicArn,
                activateCostAllocationTags: config.activateCostAllocationTags,
                tags: shared,
            },
            parent,
        );
        this.registerOutputs({ bucketName: this.bucketName, stateMachineArns: this.stateMachineArns, queueName: this.queueName, alertsTopicArn: this.alertsTopicArn });
    }
}

/** One budget per repo, one per agent, and the platform budget for shared infrastructure. */
export function budgetTargets(config: SupervisorConfig): BudgetTarget[] {
    return [
        platformBudget(config.platformMonthlyBudgetUsd),
        ...config.repos.flatMap((r) => [
            { id: `repo-${r.name}`, monthlyUsd: r.monthlyBudgetUsd, tags: [{ key: "repo" as const, value: r.name }] },
            ...r.agents.map((a) => ({ id: `agent-${r.name}-${a.name}`, monthlyUsd: a.monthlyBudgetUsd, tags: [{ key: "agent" as const, value: agentTagValue(r.name, a.name) }] })),
        ]),
    ];
}
