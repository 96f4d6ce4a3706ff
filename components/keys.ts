/**
 * Customer-managed KMS keys, one per purpose, each with rotation on and an alias. IAM grants
 * name the alias (`kms:ResourceAliases`), which is known at preview; the key id is not.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyDocument, Statement } from "../lib/iam-documents";
import type { KeyRef, StackContext } from "./shared";

export type KeyPurpose = "artifacts" | "logs" | "queue" | "secrets" | "alerts";

/** Service principals that must use each key directly (not through an IAM role of ours). */
function serviceStatements(purpose: KeyPurpose, stack: StackContext): Statement[] {
    const { region, accountId } = stack.aws;
    switch (purpose) {
        case "logs":
            return [
                {
                    Sid: "CloudWatchLogsEncryptsOwnLogGroups",
                    Effect: "Allow",
                    Principal: { Service: `logs.${region}.amazonaws.com` },
                    Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                    Resource: "*",
                    Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${stack.aws.partition}:logs:${region}:${accountId}:log-group:*` } },
                },
            ];
        case "queue":
            return [
                {
                    Sid: "EventBridgeSendsToEncryptedQueue",
                    Effect: "Allow",
                    Principal: { Service: "events.amazonaws.com" },
                    Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                    Resource: "*",
                    Condition: { StringEquals: { "aws:SourceAccount": accountId } },
                },
            ];
        case "alerts":
            return [
                {
                    Sid: "AlarmsAndBudgetsPublishToEncryptedTopic",
                    Effect: "Allow",
                    Principal: { Service: ["cloudwatch.amazonaws.com", "budgets.amazonaws.com", "costalerts.amazonaws.com"] },
                    Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
                    Resource: "*",
                    Condition: { StringEquals: { "aws:SourceAccount": accountId } },
                },
            ];
        default:
            return [];
    }
}

/** The key policy: the account administers the key through IAM; named services may use it. */
export function keyPolicy(purpose: KeyPurpose, stack: StackContext): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdministersThroughIam",
                Effect: "Allow",
                Principal: { AWS: `arn:${stack.aws.partition}:iam::${stack.aws.accountId}:root` },
                Action: "kms:*",
                Resource: "*",
            },
            ...serviceStatements(purpose, stack),
        ],
    };
}

export interface SupervisorKeysArgs {
    readonly stack: StackContext;
    readonly tags: Record<string, string>;
}

export class SupervisorKeys extends pulumi.ComponentResource {
    public readonly refs: Record<KeyPurpose, KeyRef>;

    constructor(name: string, args: SupervisorKeysArgs, opts?: pulumi.ComponentResourceOptions) {
        super("supervisor:security:SupervisorKeys", name, {}, opts);
        const purposes: KeyPurpose[] = ["artifacts", "logs", "queue", "secrets", "alerts"];
        const refs = {} as Record<KeyPurpose, KeyRef>;
        for (const purpose of purposes) {
            const key = new aws.kms.Key(
                `${name}-${purpose}`,
                {
                    description: `subagent-supervisor ${args.stack.env}: ${purpose}`,
                    enableKeyRotation: true,
                    deletionWindowInDays: 30,
                    policy: JSON.stringify(keyPolicy(purpose, args.stack)),
                    tags: args.tags,
                },
                { parent: this },
            );
            const alias = `alias/supervisor-${args.stack.env}-${purpose}`;
            new aws.kms.Alias(`${name}-${purpose}-alias`, { name: alias, targetKeyId: key.keyId }, { parent: this });
            refs[purpose] = { arn: key.arn, alias };
        }
        this.refs = refs;
        this.registerOutputs({});
    }
}
