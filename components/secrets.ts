/**
 * Secrets Manager: one integration secret per repo (for the repo's git host or a third-party
 * model), KMS-encrypted, rotated every 30 days by a rotation function that runs in the VPC.
 * Nothing secret is ever put in an environment variable: functions get the secret's ARN.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { rotationPolicy } from "../lib/iam-documents";
import { METRICS_NAMESPACE } from "../runtime/handler-env";
import type { KeyRef, Placement, StackContext } from "./shared";
import { SupervisedFunction } from "./supervised-function";

export const SECRET_ROTATION_DAYS = 30;

export interface RepoSecretsArgs {
    readonly stack: StackContext;
    readonly repos: readonly string[];
    readonly key: KeyRef;
    readonly logsKey: KeyRef;
    readonly placement: Placement;
    readonly tagsFor: (repo?: string) => Record<string, string>;
}

export class RepoSecrets extends pulumi.ComponentResource {
    /** Secret ARN patterns per repo, known at preview. */
    public readonly secretArns: Record<string, string>;
    public readonly rotation: SupervisedFunction;

    constructor(name: string, args: RepoSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("supervisor:security:RepoSecrets", name, {}, opts);
        const { stack } = args;
        this.secretArns = Object.fromEntries(args.repos.map((r) => [r, stack.arns.secret(stack.names.secret(r))]));

        this.rotation = new SupervisedFunction(
            `${name}-rotation`,
            {
                stack,
                entry: "rotate-secret",
                functionName: stack.names.rotation,
                roleName: stack.names.rotation,
                role: "rotation",
                policy: rotationPolicy({ arns: stack.arns, logGroup: stack.names.lambdaLogGroup(stack.names.rotation), metricsNamespace: METRICS_NAMESPACE, inVpc: true, secretArns: Object.values(this.secretArns), secretsKeyAlias: args.key.alias, region: stack.aws.region }),
                environment: {},
                timeoutSeconds: 30,
                memoryMb: 256,
                reservedConcurrency: 2,
                placement: args.placement,
                logsKey: args.logsKey,
                tags: args.tagsFor(),
            },
            { parent: this },
        );
        const invoke = new aws.lambda.Permission(
            `${name}-rotation-invoke`,
            { function: this.rotation.function.name, action: "lambda:InvokeFunction", principal: "secretsmanager.amazonaws.com", sourceAccount: stack.aws.accountId },
            { parent: this },
        );

        for (const repo of args.repos) {
            const secret = new aws.secretsmanager.Secret(
                `${name}-${repo}`,
                { name: stack.names.secret(repo), description: `Integration token for ${repo}'s subagents (rotated every ${SECRET_ROTATION_DAYS} days)`, kmsKeyId: args.key.arn, recoveryWindowInDays: 7, tags: args.tagsFor(repo) },
                { parent: this },
            );
            new aws.secretsmanager.SecretRotation(
                `${name}-${repo}-rotation`,
                { secretId: secret.id, rotationLambdaArn: this.rotation.function.arn, rotationRules: { automaticallyAfterDays: SECRET_ROTATION_DAYS } },
                { parent: this, dependsOn: [invoke] },
            );
        }
        this.registerOutputs({ secretArns: this.secretArns });
    }
}
