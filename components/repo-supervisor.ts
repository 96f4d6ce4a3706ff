/**
 * Everything that supervises one repository: its context, merge (and arbiter) functions, one
 * subagent per configured agent (Lambda or Fargate), the state machine that runs them with its
 * role, encrypted log group and tracing, and the repo's alarms and dashboard.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AgentConfig, RepoConfig } from "../config";
import {
    arbiterPolicy,
    assumeRolePolicy,
    type BucketAccess,
    contextPolicy,
    type FargateTarget,
    mergePolicy,
    type PolicyDocument,
    stateMachinePolicy,
    subagentPolicy,
} from "../lib/iam-documents";
import { type AgentTarget, buildDefinition } from "../lib/state-machine-definition";
import { agentTagValue, ROLE_TAG_KEY, tagsFor } from "../lib/tags";
import { HandlerEnv, METRICS_NAMESPACE } from "../runtime/handler-env";
import type { AgentCluster } from "./agent-cluster";
import { FargateAgent, SUBAGENT_CONTAINER } from "./fargate-agent";
import { RepoAlarms } from "./repo-alarms";
import type { KeyRef, Placement, StackContext } from "./shared";
import { SupervisedFunction } from "./supervised-function";

/** Timeouts and sizes of the supervisor's own steps. */
export const STEP_SETTINGS = {
    context: { timeoutSeconds: 60, memoryMb: 512 },
    merge: { timeoutSeconds: 300, memoryMb: 1024 },
    arbiter: { timeoutSeconds: 180, memoryMb: 512 },
} as const;

export interface RepoSupervisorArgs {
    readonly stack: StackContext;
    readonly repo: RepoConfig;
    readonly workflowType: "STANDARD" | "EXPRESS";
    readonly executionTimeoutSeconds: number;
    readonly bucket: BucketAccess;
    readonly logsKey: KeyRef;
    readonly secretsKey: KeyRef;
    readonly secretArn: string;
    readonly placement: Placement;
    /** Subnet and security group ids handed to Fargate tasks through the context step. */
    readonly fargateNetwork: { readonly subnetIds: pulumi.Input<string[]>; readonly securityGroupIds: pulumi.Input<string[]> };
    /** Required when the repo has a Fargate agent. */
    readonly cluster?: AgentCluster;
    readonly alarmActions: readonly string[];
}

export class RepoSupervisor extends pulumi.ComponentResource {
    public readonly stateMachine: aws.sfn.StateMachine;
    /** Known at preview. */
    public readonly stateMachineName: string;
    public readonly stateMachineArn: string;
    public readonly mergeRoleName: string;
    /** The generated Amazon States Language document. */
    public readonly definition: Record<string, unknown>;
    public readonly functions: SupervisedFunction[] = [];

    constructor(name: string, args: RepoSupervisorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("supervisor:supervisor:RepoSupervisor", name, {}, opts);
        const { stack, repo } = args;
        const repoTags = this.fullTags(args, repo.name);
        this.stateMachineName = stack.names.stateMachine(repo.name);
        this.stateMachineArn = stack.arns.stateMachine(this.stateMachineName);
        this.mergeRoleName = stack.names.role(repo.name, "merge");

        const context = this.contextFunction(name, args);
        const merge = this.stepFunction(name, args, "merge", mergePolicy({ ...this.base(args, "merge"), bucket: args.bucket, repo: repo.name }));
        const arbiter =
            repo.pattern === "arbiter"
                ? this.stepFunction(name, args, "arbiter", arbiterPolicy({ ...this.base(args, "arbiter"), bucket: args.bucket, repo: repo.name, modelArns: this.modelArns(args, repo.agents) }), {
                      [HandlerEnv.ModelId]: repo.agents[0].modelId,
                      [HandlerEnv.ModelProvider]: "bedrock",
                  })
                : undefined;

        const targets: AgentTarget[] = [];
        const fargate: FargateTarget[] = [];
        for (const agent of repo.agents) {
            if (agent.kind === "lambda") {
                const fn = this.lambdaAgent(name, args, agent);
                targets.push({ name: agent.name, kind: "lambda", timeoutSeconds: agent.timeoutSeconds, functionArn: fn.functionArn });
            } else {
                const cluster = args.cluster;
                if (!cluster) throw new Error(`repo ${repo.name}: agent ${agent.name} is a Fargate agent but no AgentCluster was given`);
                const task = this.fargateAgent(name, args, agent, cluster);
                const family = stack.names.taskFamily(repo.name, agent.name);
                targets.push({ name: agent.name, kind: "fargate", timeoutSeconds: agent.timeoutSeconds, spot: !agent.critical, clusterArn: cluster.clusterArn, taskDefinitionArn: stack.arns.taskDefinition(family), containerName: SUBAGENT_CONTAINER });
                fargate.push({ taskDefinitionFamilyArn: stack.arns.anyTaskDefinitionRevision(family), clusterArn: cluster.clusterArn, tasksArn: stack.arns.tasks(stack.names.cluster), passRoleArns: [task.taskRoleArn, task.executionRoleArn] });
            }
        }

        this.definition = buildDefinition({
            repo: repo.name,
            pattern: repo.pattern,
            candidates: repo.candidates,
            mapMaxConcurrency: repo.mapMaxConcurrency,
            executionTimeoutSeconds: args.executionTimeoutSeconds,
            functions: { context: context.functionArn, merge: merge.functionArn, arbiter: arbiter?.functionArn ?? merge.functionArn },
            stepTimeoutSeconds: { context: STEP_SETTINGS.context.timeoutSeconds, merge: STEP_SETTINGS.merge.timeoutSeconds, arbiter: STEP_SETTINGS.arbiter.timeoutSeconds },
            agents: targets,
        });

        const roleName = stack.names.role(repo.name, "states");
        const role = new aws.iam.Role(
            `${name}-states-role`,
            { name: roleName, assumeRolePolicy: JSON.stringify(assumeRolePolicy("states.amazonaws.com", stack.aws.accountId)), tags: { ...repoTags, [ROLE_TAG_KEY]: "state-machine" } },
            { parent: this },
        );
        const policy = new aws.iam.RolePolicy(
            `${name}-states-policy`,
            { role: role.name, name: `${roleName}-least-privilege`, policy: JSON.stringify(stateMachinePolicy({ functionArns: this.functions.map((f) => f.functionArn), fargate })) },
            { parent: this },
        );
        const logGroupName = stack.names.stateMachineLogGroup(repo.name);
        const logGroup = new aws.cloudwatch.LogGroup(`${name}-states-logs`, { name: logGroupName, retentionInDays: stack.logRetentionDays, kmsKeyId: args.logsKey.arn, tags: repoTags }, { parent: this });
        this.stateMachine = new aws.sfn.StateMachine(
            `${name}-state-machine`,
            {
                name: this.stateMachineName,
                type: args.workflowType,
                roleArn: role.arn,
                definition: JSON.stringify(this.definition),
                loggingConfiguration: { level: "ALL", includeExecutionData: true, logDestination: `${stack.arns.logGroup(logGroupName)}:*` },
                tracingConfiguration: { enabled: true },
                tags: repoTags,
            },
            { parent: this, dependsOn: [policy, logGroup] },
        );

        new RepoAlarms(
            `${name}-alarms`,
            {
                stack,
                repo: repo.name,
                stateMachineArn: this.stateMachineArn,
                functionNames: this.functions.map((f) => f.functionName),
                agents: repo.agents.map((a) => ({ name: a.name, dailyTokenBudget: a.dailyTokenBudget })),
                alarmActions: args.alarmActions,
                tags: repoTags,
            },
            { parent: this },
        );
        this.registerOutputs({ stateMachineArn: this.stateMachineArn, workflowType: args.workflowType });
    }


    private base(args: RepoSupervisorArgs, role: string) {
        const fn = args.stack.names.function(args.repo.name, role);
        return { arns: args.stack.arns, logGroup: args.stack.names.lambdaLogGroup(fn), metricsNamespace: METRICS_NAMESPACE, inVpc: true };
    }

    private modelArns(args: RepoSupervisorArgs, agents: readonly AgentConfig[]): string[] {
        return [...new Set(agents.map((a) => args.stack.arns.bedrockModel(a.modelId)))];
    }

    private commonEnv(args: RepoSupervisorArgs, agent: string): Record<string, string> {
        return {
            [HandlerEnv.ArtifactBucket]: args.bucket.bucket,
            [HandlerEnv.EnvName]: args.stack.env,
            [HandlerEnv.MetricsNamespace]: METRICS_NAMESPACE,
            [HandlerEnv.Repo]: args.repo.name,
            [HandlerEnv.Agent]: agent,
        };
    }

    private stepFunction(name: string, args: RepoSupervisorArgs, step: "merge" | "arbiter" | "context", policy: PolicyDocument, env: Record<string, pulumi.Input<string>> = {}): SupervisedFunction {
        const { stack, repo } = args;
        const fnName = stack.names.function(repo.name, step);
        const agentPaths = Object.fromEntries(repo.agents.map((a) => [a.name, a.allowedPaths]));
        const fn = new SupervisedFunction(
            `${name}-${step}`,
            {
                stack,
                entry: step,
                functionName: fnName,
                roleName: stack.names.role(repo.name, step),
                role: step,
                policy,
                environment: { ...this.commonEnv(args, step), [HandlerEnv.AgentAllowedPaths]: JSON.stringify(agentPaths), ...env },
                timeoutSeconds: STEP_SETTINGS[step].timeoutSeconds,
                memoryMb: STEP_SETTINGS[step].memoryMb,
                // One context and one merge per running execution; the arbiter runs per task.
                reservedConcurrency: step === "arbiter" ? repo.mapMaxConcurrency : repo.maxRunningExecutions,
                placement: args.placement,
                logsKey: args.logsKey,
                tags: this.fullTags(args, repo.name),
            },
            { parent: this },
        );
        this.functions.push(fn);
        return fn;
    }

    private contextFunction(name: string, args: RepoSupervisorArgs): SupervisedFunction {
        const { repo } = args;
        const routes = Object.fromEntries(repo.agents.map((a) => [a.name, a.match]));
        return this.stepFunction(name, args, "context", contextPolicy({ ...this.base(args, "context"), bucket: args.bucket, repo: repo.name }), {
            [HandlerEnv.AgentRoutes]: JSON.stringify(routes),
            [HandlerEnv.DefaultAgent]: repo.defaultAgent,
            [HandlerEnv.SubnetIds]: pulumi.output(args.fargateNetwork.subnetIds).apply((ids) => JSON.stringify(ids)),
            [HandlerEnv.SecurityGroupIds]: pulumi.output(args.fargateNetwork.securityGroupIds).apply((ids) => JSON.stringify(ids)),
        });
    }

    private agentEnv(args: RepoSupervisorArgs, agent: AgentConfig): Record<string, string> {
        return {
            ...this.commonEnv(args, agent.name),
            [HandlerEnv.ModelId]: agent.modelId,
            [HandlerEnv.ModelProvider]: "bedrock",
            [HandlerEnv.AllowedPaths]: JSON.stringify(agent.allowedPaths),
            [HandlerEnv.MaxIterations]: String(agent.maxIterations),
            [HandlerEnv.MaxTokensPerTask]: String(agent.maxTokensPerTask),
            [HandlerEnv.SecretArn]: args.secretArn,
        };
    }

    private agentPolicy(args: RepoSupervisorArgs, agent: AgentConfig, logGroup: string) {
        return subagentPolicy({
            arns: args.stack.arns,
            logGroup,
            metricsNamespace: METRICS_NAMESPACE,
            inVpc: agent.kind === "lambda",
            bucket: args.bucket,
            repo: args.repo.name,
            agent: agent.name,
            modelArns: this.modelArns(args, [agent]),
            secretArn: args.secretArn,
            secretsKeyAlias: args.secretsKey.alias,
            taskTokenCallbacks: agent.kind === "fargate",
        });
    }

    private lambdaAgent(name: string, args: RepoSupervisorArgs, agent: AgentConfig): SupervisedFunction {
        const { stack, repo } = args;
        const fnName = stack.names.function(repo.name, agent.name);
        const fn = new SupervisedFunction(
            `${name}-agent-${agent.name}`,
            {
                stack,
                entry: "subagent",
                functionName: fnName,
                roleName: stack.names.role(repo.name, agent.name),
                role: "subagent",
                policy: this.agentPolicy(args, agent, stack.names.lambdaLogGroup(fnName)),
                environment: this.agentEnv(args, agent),
                timeoutSeconds: agent.timeoutSeconds,
                memoryMb: agent.memoryMb,
                reservedConcurrency: agent.reservedConcurrency,
                placement: args.placement,
                logsKey: args.logsKey,
                tags: this.fullTags(args, repo.name, agent.name),
            },
            { parent: this },
        );
        this.functions.push(fn);
        return fn;
    }

    private fargateAgent(name: string, args: RepoSupervisorArgs, agent: AgentConfig, cluster: AgentCluster): FargateAgent {
        const { stack, repo } = args;
        const family = stack.names.taskFamily(repo.name, agent.name);
        const logGroupName = stack.names.taskLogGroup(`${repo.name}-${agent.name}`);
        return new FargateAgent(
            `${name}-agent-${agent.name}`,
            {
                stack,
                family,
                taskRoleName: stack.names.role(repo.name, agent.name),
                executionRoleName: stack.names.role(repo.name, `${agent.name}-exec`),
                taskPolicy: this.agentPolicy(args, agent, logGroupName),
                cpu: agent.cpu ?? 1024,
                memoryMb: agent.memoryMb,
                imageRef: cluster.imageRef,
                image: cluster.image,
                repositoryArn: cluster.repositoryArn,
                logGroupName,
                logsKey: args.logsKey,
                environment: this.agentEnv(args, agent),
                tags: this.fullTags(args, repo.name, agent.name),
            },
            { parent: this },
        );
    }

    /** Repo-level resources carry the platform agent; a subagent's carry `<repo>.<agent>`. */
    private fullTags(args: RepoSupervisorArgs, repo: string, agent?: string): Record<string, string> {
        return tagsFor({ env: args.stack.env, repo, agent: agent ? agentTagValue(repo, agent) : undefined });
    }
}
