/**
 * A subagent for heavy or long tasks: an ECS Fargate task definition (awsvpc, no public IP) with
 * a task role of its own (the same least privilege as a Lambda subagent, plus task-token
 * callbacks), an execution role that can only pull its image and write its logs, a stop timeout
 * that gives the container time to report a Spot interruption, and awslogs to a log group with
 * retention. The state machine starts it with `ecs:runTask.waitForTaskToken`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assumeRolePolicy, type PolicyDocument, taskExecutionPolicy } from "../lib/iam-documents";
import { ROLE_TAG_KEY } from "../lib/tags";
import type { KeyRef, StackContext } from "./shared";

/** Seconds between SIGTERM and SIGKILL: Spot gives two minutes' notice; ECS allows at most 120. */
export const STOP_TIMEOUT_SECONDS = 120;
export const SUBAGENT_CONTAINER = "subagent";

export interface FargateAgentArgs {
    readonly stack: StackContext;
    readonly family: string;
    readonly taskRoleName: string;
    readonly executionRoleName: string;
    readonly taskPolicy: PolicyDocument;
    readonly cpu: number;
    readonly memoryMb: number;
    /** Image reference known at preview, and the resource that pushes it. */
    readonly imageRef: string;
    readonly image: pulumi.Resource;
    readonly repositoryArn: string;
    readonly logGroupName: string;
    readonly logsKey: KeyRef;
    /** Plain values only: the container definition must be known at preview. */
    readonly environment: Record<string, string>;
    readonly tags: Record<string, string>;
}

export class FargateAgent extends pulumi.ComponentResource {
    public readonly taskDefinition: aws.ecs.TaskDefinition;
    public readonly taskRole: aws.iam.Role;
    public readonly executionRole: aws.iam.Role;
    /** Known at preview. */
    public readonly taskRoleArn: string;
    public readonly executionRoleArn: string;

    constructor(name: string, args: FargateAgentArgs, opts?: pulumi.ComponentResourceOptions) {
        super("supervisor:compute:FargateAgent", name, {}, opts);
        const { stack, tags } = args;
        this.taskRoleArn = stack.arns.role(args.taskRoleName);
        this.executionRoleArn = stack.arns.role(args.executionRoleName);
        const trust = JSON.stringify(assumeRolePolicy("ecs-tasks.amazonaws.com", stack.aws.accountId));

        this.taskRole = new aws.iam.Role(`${name}-task-role`, { name: args.taskRoleName, assumeRolePolicy: trust, tags: { ...tags, [ROLE_TAG_KEY]: "subagent" } }, { parent: this });
        new aws.iam.RolePolicy(`${name}-task-policy`, { role: this.taskRole.name, name: `${args.family}-least-privilege`, policy: JSON.stringify(args.taskPolicy) }, { parent: this });

        this.executionRole = new aws.iam.Role(
            `${name}-execution-role`,
            { name: args.executionRoleName, assumeRolePolicy: trust, tags: { ...tags, [ROLE_TAG_KEY]: "task-execution" } },
            { parent: this },
        );
        new aws.iam.RolePolicy(
            `${name}-execution-policy`,
            { role: this.executionRole.name, name: `${args.family}-pull-and-log`, policy: JSON.stringify(taskExecutionPolicy({ ecrRepositoryArn: args.repositoryArn, logGroupArn: stack.arns.logGroup(args.logGroupName) })) },
            { parent: this },
        );

        const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, { name: args.logGroupName, retentionInDays: stack.logRetentionDays, kmsKeyId: args.logsKey.arn, tags }, { parent: this });

        const environment = Object.entries(args.environment).map(([name, value]) => ({ name, value }));
        this.taskDefinition = new aws.ecs.TaskDefinition(
            `${name}-task`,
            {
                family: args.family,
                requiresCompatibilities: ["FARGATE"],
                networkMode: "awsvpc",
                cpu: String(args.cpu),
                memory: String(args.memoryMb),
                runtimePlatform: { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" },
                taskRoleArn: this.taskRole.arn,
                executionRoleArn: this.executionRole.arn,
                containerDefinitions: JSON.stringify([
                    {
                        name: SUBAGENT_CONTAINER,
                        image: args.imageRef,
                        essential: true,
                        readonlyRootFilesystem: true,
                        stopTimeout: STOP_TIMEOUT_SECONDS,
                        environment,
                        mountPoints: [{ sourceVolume: "scratch", containerPath: "/tmp" }],
                        logConfiguration: {
                            logDriver: "awslogs",
                            options: { "awslogs-group": args.logGroupName, "awslogs-region": stack.aws.region, "awslogs-stream-prefix": "subagent" },
                        },
                    },
                ]),
                volumes: [{ name: "scratch" }],
                tags,
            },
            { parent: this, dependsOn: [logGroup, args.image] },
        );
        this.registerOutputs({ taskRoleArn: this.taskRoleArn });
    }
}
