/**
 * One Lambda function with everything the gates require of it: its own least-privilege role
 * (never a CallbackFunction's default role with its *FullAccess attachments), the handler bundled
 * from `handlers/<entry>.ts`, a log group with retention created before the function, VPC
 * placement, active tracing, reserved concurrency and the mandatory tags.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { bundleHandler } from "../lib/bundle";
import { assumeRolePolicy, type PolicyDocument } from "../lib/iam-documents";
import { HANDLER_TAG_KEY, ROLE_TAG_KEY, type SupervisorRole } from "../lib/tags";
import type { HandlerEntry } from "../runtime/handler-env";
import type { KeyRef, Placement, StackContext } from "./shared";

export interface SupervisedFunctionArgs {
    readonly stack: StackContext;
    /** The handler under handlers/ (bundled at preview time). */
    readonly entry: HandlerEntry;
    readonly functionName: string;
    readonly roleName: string;
    /** What the role is for; the artifact gate reads the `supervisor-role` tag. */
    readonly role: SupervisorRole;
    /** The role's only policy, built by lib/iam-documents.ts. */
    readonly policy: PolicyDocument;
    readonly environment: Record<string, pulumi.Input<string>>;
    readonly timeoutSeconds: number;
    /** @default 512 */
    readonly memoryMb?: number;
    /** Reserved concurrency: the cost gate's cap on runaway parallelism. */
    readonly reservedConcurrency: number;
    readonly placement: Placement;
    readonly logsKey: KeyRef;
    readonly tags: Record<string, string>;
}

export class SupervisedFunction extends pulumi.ComponentResource {
    public readonly function: aws.lambda.Function;
    public readonly role: aws.iam.Role;
    public readonly logGroup: aws.cloudwatch.LogGroup;
    /** Known at preview: built from the name. */
    public readonly functionArn: string;
    public readonly functionName: string;

    constructor(name: string, args: SupervisedFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("supervisor:compute:SupervisedFunction", name, {}, opts);
        const { stack } = args;
        this.functionName = args.functionName;
        this.functionArn = stack.arns.lambda(args.functionName);
        const bundle = bundleHandler(args.entry);

        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                name: args.roleName,
                assumeRolePolicy: JSON.stringify(assumeRolePolicy("lambda.amazonaws.com", stack.aws.accountId)),
                tags: { ...args.tags, [ROLE_TAG_KEY]: args.role },
            },
            { parent: this },
        );
        const policy = new aws.iam.RolePolicy(`${name}-policy`, { role: this.role.name, name: `${args.functionName}-least-privilege`, policy: JSON.stringify(args.policy) }, { parent: this });

        const logGroupName = stack.names.lambdaLogGroup(args.functionName);
        this.logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            { name: logGroupName, retentionInDays: stack.logRetentionDays, kmsKeyId: args.logsKey.arn, tags: args.tags },
            { parent: this },
        );

        this.function = new aws.lambda.Function(
            `${name}-function`,
            {
                name: args.functionName,
                role: this.role.arn,
                runtime: aws.lambda.Runtime.NodeJS22dX,
                architectures: ["arm64"],
                handler: "index.handler",
                code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(bundle.code) }),
                timeout: args.timeoutSeconds,
                memorySize: args.memoryMb ?? 512,
                reservedConcurrentExecutions: args.reservedConcurrency,
                tracingConfig: { mode: "Active" },
                vpcConfig: { subnetIds: args.placement.subnetIds, securityGroupIds: args.placement.securityGroupIds },
                loggingConfig: { logFormat: "JSON", logGroup: logGroupName },
                environment: { variables: { ...args.environment } },
                // Which handler the code is: the local run binds Task states to handlers by it.
                tags: { ...args.tags, [HANDLER_TAG_KEY]: args.entry },
            },
            // The log group must exist first, or Lambda creates one without retention.
            { parent: this, dependsOn: [this.logGroup, policy] },
        );
        this.registerOutputs({ functionArn: this.functionArn, roleArn: this.role.arn });
    }
}
