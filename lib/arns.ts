/**
 * ARNs built from names, the account id and the region: all known at preview, unlike the `arn`
 * outputs of resources that do not exist yet. IAM documents and the state machine definition use
 * these so the gates can read them during `pulumi preview`.
 */
export interface AwsContext {
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
}

export function arns(ctx: AwsContext) {
    const { partition: p, region: r, accountId: a } = ctx;
    return {
        lambda: (fn: string) => `arn:${p}:lambda:${r}:${a}:function:${fn}`,
        role: (name: string) => `arn:${p}:iam::${a}:role/${name}`,
        stateMachine: (name: string) => `arn:${p}:states:${r}:${a}:stateMachine:${name}`,
        execution: (stateMachine: string) => `arn:${p}:states:${r}:${a}:execution:${stateMachine}:*`,
        bucket: (name: string) => `arn:${p}:s3:::${name}`,
        object: (bucket: string, keyPattern: string) => `arn:${p}:s3:::${bucket}/${keyPattern}`,
        queue: (name: string) => `arn:${p}:sqs:${r}:${a}:${name}`,
        topic: (name: string) => `arn:${p}:sns:${r}:${a}:${name}`,
        logGroup: (name: string) => `arn:${p}:logs:${r}:${a}:log-group:${name}`,
        logStreams: (name: string) => `arn:${p}:logs:${r}:${a}:log-group:${name}:log-stream:*`,
        /** Any key of this account and region; narrowed by a `kms:ResourceAliases` condition. */
        anyKmsKey: () => `arn:${p}:kms:${r}:${a}:key/*`,
        /** Secrets Manager appends six random characters to a secret's name in its ARN. */
        secret: (name: string) => `arn:${p}:secretsmanager:${r}:${a}:secret:${name}-??????`,
        cluster: (name: string) => `arn:${p}:ecs:${r}:${a}:cluster/${name}`,
        taskDefinition: (family: string) => `arn:${p}:ecs:${r}:${a}:task-definition/${family}`,
        anyTaskDefinitionRevision: (family: string) => `arn:${p}:ecs:${r}:${a}:task-definition/${family}:*`,
        tasks: (cluster: string) => `arn:${p}:ecs:${r}:${a}:task/${cluster}/*`,
        ecrRepository: (name: string) => `arn:${p}:ecr:${r}:${a}:repository/${name}`,
        bedrockModel: (modelId: string) => `arn:${p}:bedrock:${r}::foundation-model/${modelId}`,
        ec2: (resource: string) => `arn:${p}:ec2:${r}:${a}:${resource}`,
        eventRule: (name: string) => `arn:${p}:events:${r}:${a}:rule/${name}`,
    };
}
export type Arns = ReturnType<typeof arns>;
