/**
 * Every IAM document the program creates, as pure functions of names and ARNs known at preview.
 * Each role gets exactly what its handler does (runtime/*), scoped by the key layout of
 * runtime/layout.ts: subagents read their repo's run context and write only their own patch keys;
 * only the merge role writes `repos/<repo>/conductor/*`.
 *
 * `*` resources appear only for actions that support no resource-level permissions
 * (X-Ray, CloudWatch PutMetricData, log delivery), and each such statement says so in its Sid.
 */
import { keyPatterns } from "../runtime/layout";
import type { Arns } from "./arns";

export interface Statement {
    Sid: string;
    Effect: "Allow" | "Deny";
    Action: string | string[];
    Resource?: string | string[];
    NotResource?: string | string[];
    Principal?: Record<string, string | string[]> | "*";
    Condition?: Record<string, Record<string, string | string[] | boolean>>;
}
export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: Statement[];
}

const doc = (...statements: Statement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: statements });

/** Trust policy for a service principal, confined to this account (confused-deputy guard). */
export function assumeRolePolicy(service: string, accountId: string): PolicyDocument {
    return doc({
        Sid: "TrustService",
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    });
}

export interface BucketAccess {
    readonly arns: Arns;
    readonly bucket: string;
    /** The alias of the bucket's KMS key (`alias/...`). */
    readonly keyAlias: string;
    readonly region: string;
}

/** Use of the bucket's KMS key through S3 only, by alias (the key id is unknown at preview). */
function bucketKeyStatement(b: BucketAccess, actions: string[]): Statement {
    return {
        Sid: "UseArtifactKeyViaS3",
        Effect: "Allow",
        Action: actions,
        Resource: b.arns.anyKmsKey(),
        Condition: {
            "ForAnyValue:StringEquals": { "kms:ResourceAliases": b.keyAlias },
            StringEquals: { "kms:ViaService": `s3.${b.region}.amazonaws.com` },
        },
    };
}

/** Decrypting the secrets' KMS key, through Secrets Manager only. */
function secretsKeyStatement(arns: Arns, keyAlias: string, region: string, actions: string[]): Statement {
    return {
        Sid: "UseSecretsKeyViaSecretsManager",
        Effect: "Allow",
        Action: actions,
        Resource: arns.anyKmsKey(),
        Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": keyAlias }, StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } },
    };
}

/** Writing and reading own logs, traces and metrics: what every function needs. */
function telemetryStatements(arns: Arns, logGroup: string, metricsNamespace: string): Statement[] {
    return [
        { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [arns.logGroup(logGroup), arns.logStreams(logGroup)] },
        {
            // X-Ray trace ingestion supports no resource-level permissions.
            Sid: "WriteTracesNoResourceLevel",
            Effect: "Allow",
            Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
            Resource: "*",
        },
        {
            // PutMetricData supports no resource-level permissions; the namespace condition narrows it.
            Sid: "PutMetricsInOwnNamespace",
            Effect: "Allow",
            Action: "cloudwatch:PutMetricData",
            Resource: "*",
            Condition: { StringEquals: { "cloudwatch:namespace": metricsNamespace } },
        },
    ];
}

/**
 * The network interfaces a function in a VPC needs (what AWSLambdaVPCAccessExecutionRole grants,
 * narrowed to this account and region's interfaces, subnets and security groups).
 */
function vpcNetworkInterfaceStatements(arns: Arns): Statement[] {
    return [
        {
            Sid: "ManageVpcNetworkInterfaces",
            Effect: "Allow",
            Action: ["ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"],
            Resource: [arns.ec2("network-interface/*"), arns.ec2("subnet/*"), arns.ec2("security-group/*")],
        },
        // DescribeNetworkInterfaces supports no resource-level permissions.
        { Sid: "DescribeNetworkInterfacesNoResourceLevel", Effect: "Allow", Action: "ec2:DescribeNetworkInterfaces", Resource: "*" },
    ];
}

export interface FunctionBase {
    readonly arns: Arns;
    readonly logGroup: string;
    readonly metricsNamespace: string;
    /** True for functions attached to the VPC (all but none, today). */
    readonly inVpc: boolean;
}

function base(f: FunctionBase): Statement[] {
    return [...telemetryStatements(f.arns, f.logGroup, f.metricsNamespace), ...(f.inVpc ? vpcNetworkInterfaceStatements(f.arns) : [])];
}

/** A subagent (Lambda or Fargate task role): read the run context, write only its own patches. */
export function subagentPolicy(
    f: FunctionBase & { bucket: BucketAccess; repo: string; agent: string; modelArns: string[]; secretArn: string; secretsKeyAlias: string; taskTokenCallbacks: boolean },
): PolicyDocument {
    const b = f.bucket;
    const statements: Statement[] = [
        ...base(f),
        { Sid: "ReadRunContext", Effect: "Allow", Action: "s3:GetObject", Resource: b.arns.object(b.bucket, keyPatterns.context(f.repo)) },
        { Sid: "WriteOwnPatches", Effect: "Allow", Action: "s3:PutObject", Resource: b.arns.object(b.bucket, keyPatterns.agentPatches(f.repo, f.agent)) },
        {
            Sid: "ListRunContext",
            Effect: "Allow",
            Action: "s3:ListBucket",
            Resource: b.arns.bucket(b.bucket),
            Condition: { StringLike: { "s3:prefix": keyPatterns.context(f.repo) } },
        },
        bucketKeyStatement(b, ["kms:Decrypt", "kms:GenerateDataKey"]),
        { Sid: "InvokeConfiguredModels", Effect: "Allow", Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], Resource: f.modelArns },
        { Sid: "ReadRepoSecret", Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: f.secretArn },
        secretsKeyStatement(f.arns, f.secretsKeyAlias, b.region, ["kms:Decrypt"]),
    ];
    if (f.taskTokenCallbacks) {
        statements.push({
            // Task-token callbacks support no resource-level permissions; the token itself is the capability.
            Sid: "ReportThroughTaskTokenNoResourceLevel",
            Effect: "Allow",
            Action: ["states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"],
            Resource: "*",
        });
    }
    return doc(...statements);
}

/** The context snapshot: read the repo's Conductor folder, write the run's context. */
export function contextPolicy(f: FunctionBase & { bucket: BucketAccess; repo: string }): PolicyDocument {
    const b = f.bucket;
    return doc(
        ...base(f),
        { Sid: "ReadConductorArtifacts", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: b.arns.object(b.bucket, keyPatterns.conductor(f.repo)) },
        { Sid: "WriteRunContext", Effect: "Allow", Action: "s3:PutObject", Resource: b.arns.object(b.bucket, keyPatterns.context(f.repo)) },
        {
            Sid: "ListConductorArtifacts",
            Effect: "Allow",
            Action: "s3:ListBucket",
            Resource: b.arns.bucket(b.bucket),
            Condition: { StringLike: { "s3:prefix": keyPatterns.conductor(f.repo) } },
        },
        bucketKeyStatement(b, ["kms:Decrypt", "kms:GenerateDataKey"]),
    );
}

/** The arbiter: read candidates' patches and the context, write its choice. */
export function arbiterPolicy(f: FunctionBase & { bucket: BucketAccess; repo: string; modelArns: string[] }): PolicyDocument {
    const b = f.bucket;
    return doc(
        ...base(f),
        { Sid: "ReadPatchesAndContext", Effect: "Allow", Action: "s3:GetObject", Resource: [b.arns.object(b.bucket, keyPatterns.patches(f.repo)), b.arns.object(b.bucket, keyPatterns.context(f.repo))] },
        { Sid: "WriteArbiterChoice", Effect: "Allow", Action: "s3:PutObject", Resource: b.arns.object(b.bucket, keyPatterns.arbiter(f.repo)) },
        bucketKeyStatement(b, ["kms:Decrypt", "kms:GenerateDataKey"]),
        { Sid: "InvokeJudgeModels", Effect: "Allow", Action: "bedrock:InvokeModel", Resource: f.modelArns },
    );
}

/** The merge: the only role that writes back to `repos/<repo>/conductor/`. */
export function mergePolicy(f: FunctionBase & { bucket: BucketAccess; repo: string }): PolicyDocument {
    const b = f.bucket;
    return doc(
        ...base(f),
        {
            Sid: "ReadRunAndConductor",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:GetObjectVersion"],
            Resource: [b.arns.object(b.bucket, keyPatterns.runs(f.repo)), b.arns.object(b.bucket, keyPatterns.conductor(f.repo))],
        },
        {
            Sid: "WriteBackConductorAndReport",
            Effect: "Allow",
            Action: "s3:PutObject",
            Resource: [b.arns.object(b.bucket, keyPatterns.conductor(f.repo)), b.arns.object(b.bucket, keyPatterns.merge(f.repo))],
        },
        {
            Sid: "ListRunAndConductor",
            Effect: "Allow",
            Action: "s3:ListBucket",
            Resource: b.arns.bucket(b.bucket),
            Condition: { StringLike: { "s3:prefix": [keyPatterns.runs(f.repo), keyPatterns.conductor(f.repo)] } },
        },
        bucketKeyStatement(b, ["kms:Decrypt", "kms:GenerateDataKey"]),
    );
}

/** The dispatcher: drain the queue and start (or count) executions of the repos' machines. */
export function dispatcherPolicy(f: FunctionBase & { queueArn: string; queueKeyAlias: string; region: string; stateMachineArns: string[]; executionArns: string[] }): PolicyDocument {
    return doc(
        ...base(f),
        { Sid: "ConsumePlanEvents", Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"], Resource: f.queueArn },
        {
            Sid: "DecryptQueueViaSqs",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: f.arns.anyKmsKey(),
            Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": f.queueKeyAlias }, StringEquals: { "kms:ViaService": `sqs.${f.region}.amazonaws.com` } },
        },
        { Sid: "StartAndCountExecutions", Effect: "Allow", Action: ["states:StartExecution", "states:ListExecutions"], Resource: f.stateMachineArns },
        { Sid: "DescribeOwnExecutions", Effect: "Allow", Action: "states:DescribeExecution", Resource: f.executionArns },
    );
}

export interface FargateTarget {
    readonly taskDefinitionFamilyArn: string;
    readonly clusterArn: string;
    readonly tasksArn: string;
    readonly passRoleArns: string[];
}

/** The state machine: invoke exactly its own functions and tasks, deliver its logs and traces. */
export function stateMachinePolicy(s: { functionArns: string[]; fargate: FargateTarget[] }): PolicyDocument {
    const statements: Statement[] = [
        { Sid: "InvokeOwnFunctions", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: s.functionArns.flatMap((a) => [a, `${a}:*`]) },
        {
            // Vended log delivery and X-Ray support no resource-level permissions.
            Sid: "DeliverLogsAndTracesNoResourceLevel",
            Effect: "Allow",
            Action: [
                "logs:CreateLogDelivery",
                "logs:GetLogDelivery",
                "logs:UpdateLogDelivery",
                "logs:DeleteLogDelivery",
                "logs:ListLogDeliveries",
                "logs:PutResourcePolicy",
                "logs:DescribeResourcePolicies",
                "logs:DescribeLogGroups",
                "xray:PutTraceSegments",
                "xray:PutTelemetryRecords",
                "xray:GetSamplingRules",
                "xray:GetSamplingTargets",
            ],
            Resource: "*",
        },
    ];
    for (const [i, f] of s.fargate.entries()) {
        statements.push(
            {
                Sid: `RunAgentTask${i}`,
                Effect: "Allow",
                Action: "ecs:RunTask",
                Resource: f.taskDefinitionFamilyArn,
                Condition: { ArnEquals: { "ecs:cluster": f.clusterArn } },
            },
            { Sid: `StopAndTagAgentTasks${i}`, Effect: "Allow", Action: ["ecs:StopTask", "ecs:DescribeTasks", "ecs:TagResource"], Resource: f.tasksArn },
            {
                Sid: `PassAgentTaskRoles${i}`,
                Effect: "Allow",
                Action: "iam:PassRole",
                Resource: f.passRoleArns,
                Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
            },
        );
    }
    return doc(...statements);
}

/** A Fargate task's execution role: pull its image, write its logs. */
export function taskExecutionPolicy(e: { ecrRepositoryArn: string; logGroupArn: string }): PolicyDocument {
    return doc(
        { Sid: "PullAgentImage", Effect: "Allow", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"], Resource: e.ecrRepositoryArn },
        // GetAuthorizationToken supports no resource-level permissions.
        { Sid: "AuthenticateToEcrNoResourceLevel", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        { Sid: "WriteTaskLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [e.logGroupArn, `${e.logGroupArn}:log-stream:*`] },
    );
}

/** The secret rotation function: rotate exactly the supervisor's secrets. */
export function rotationPolicy(f: FunctionBase & { secretArns: string[]; secretsKeyAlias: string; region: string }): PolicyDocument {
    return doc(
        ...base(f),
        {
            Sid: "RotateSupervisorSecrets",
            Effect: "Allow",
            Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"],
            Resource: f.secretArns,
        },
        // GetRandomPassword supports no resource-level permissions.
        { Sid: "GenerateSecretValueNoResourceLevel", Effect: "Allow", Action: "secretsmanager:GetRandomPassword", Resource: "*" },
        secretsKeyStatement(f.arns, f.secretsKeyAlias, f.region, ["kms:Decrypt", "kms:GenerateDataKey"]),
    );
}

/**
 * The artifact bucket's policy: TLS only, and an explicit deny of `repos/*` writes to every
 * principal of this account but the merge roles and the uploaders named in config.
 */
export function artifactBucketPolicy(b: { arns: Arns; bucket: string; accountId: string; conductorWriterRoleArns: string[] }): PolicyDocument {
    const bucketArn = b.arns.bucket(b.bucket);
    return doc(
        {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [bucketArn, `${bucketArn}/*`],
            Condition: { Bool: { "aws:SecureTransport": false } },
        },
        {
            Sid: "DenyOldTls",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [bucketArn, `${bucketArn}/*`],
            Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
        },
        {
            Sid: "OnlyMergeAndUploadersWriteConductor",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:PutObject", "s3:DeleteObject"],
            Resource: `${bucketArn}/repos/*`,
            Condition: { ArnNotLike: { "aws:PrincipalArn": b.conductorWriterRoleArns } },
        },
    );
}
