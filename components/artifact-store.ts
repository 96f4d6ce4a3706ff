/**
 * The artifact bucket of DESIGN.md: versioned, KMS-encrypted with a rotating key, public access
 * blocked, TLS only, `runs/` expiring, S3 events sent to EventBridge. Its policy denies writes to
 * `repos/*` to everyone but the merge roles and the uploader role that `supervisor push` assumes.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { artifactBucketPolicy, type PolicyDocument } from "../lib/iam-documents";
import { ROLE_TAG_KEY } from "../lib/tags";
import type { KeyRef, StackContext } from "./shared";

export interface ArtifactStoreArgs {
    readonly stack: StackContext;
    readonly key: KeyRef;
    /** Days before `runs/<runId>/` objects expire. */
    readonly runsRetentionDays: number;
    /** Roles allowed to write `repos/<repo>/conductor/` (the merge roles), by name. */
    readonly mergeRoleNames: readonly string[];
    readonly tags: Record<string, string>;
}

/** What `supervisor push/pull` may do: write and read Conductor folders, nothing under runs/. */
export function uploaderPolicy(stack: StackContext, bucket: string, keyAlias: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "PushAndPullConductor", Effect: "Allow", Action: ["s3:PutObject", "s3:GetObject"], Resource: stack.arns.object(bucket, "repos/*/conductor/*") },
            { Sid: "ListConductor", Effect: "Allow", Action: "s3:ListBucket", Resource: stack.arns.bucket(bucket), Condition: { StringLike: { "s3:prefix": "repos/*" } } },
            {
                Sid: "UseArtifactKeyViaS3",
                Effect: "Allow",
                Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                Resource: stack.arns.anyKmsKey(),
                Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": keyAlias }, StringEquals: { "kms:ViaService": `s3.${stack.aws.region}.amazonaws.com` } },
            },
        ],
    };
}

export class ArtifactStore extends pulumi.ComponentResource {
    public readonly bucket: aws.s3.Bucket;
    /** Known at preview. */
    public readonly bucketName: string;
    public readonly uploaderRole: aws.iam.Role;

    constructor(name: string, args: ArtifactStoreArgs, opts?: pulumi.ComponentResourceOptions) {
        super("supervisor:storage:ArtifactStore", name, {}, opts);
        const { stack, tags } = args;
        this.bucketName = stack.names.bucket;

        this.bucket = new aws.s3.Bucket(`${name}-bucket`, { bucket: this.bucketName, forceDestroy: false, tags }, { parent: this });
        const bucket = this.bucket.id;
        new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } }, { parent: this });
        const publicAccess = new aws.s3.BucketPublicAccessBlock(
            `${name}-public-access`,
            { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            { parent: this },
        );
        new aws.s3.BucketVersioning(`${name}-versioning`, { bucket, versioningConfiguration: { status: "Enabled" } }, { parent: this });
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            { bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.key.arn }, bucketKeyEnabled: true }] },
            { parent: this },
        );
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                bucket,
                rules: [
                    { id: "expire-runs", status: "Enabled", filter: { prefix: "runs/" }, expiration: { days: args.runsRetentionDays }, noncurrentVersionExpiration: { noncurrentDays: 1 } },
                    { id: "expire-old-conductor-versions", status: "Enabled", filter: { prefix: "repos/" }, noncurrentVersionExpiration: { noncurrentDays: 90 } },
                    { id: "abort-incomplete-uploads", status: "Enabled", filter: { prefix: "" }, abortIncompleteMultipartUpload: { daysAfterInitiation: 1 } },
                ],
            },
            { parent: this },
        );
        // S3 -> EventBridge: the trigger rule (components/plan-triggers.ts) matches created plan.md objects.
        new aws.s3.BucketNotification(`${name}-events`, { bucket, eventbridge: true }, { parent: this });

        this.uploaderRole = new aws.iam.Role(
            `${name}-uploader`,
            {
                name: stack.names.uploaderRole,
                description: "Assumed by CI or a developer's CLI to push and pull Conductor folders (supervisor push/pull).",
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Sid: "AccountPrincipalsThroughIam", Effect: "Allow", Principal: { AWS: `arn:${stack.aws.partition}:iam::${stack.aws.accountId}:root` }, Action: "sts:AssumeRole" }],
                }),
                tags: { ...tags, [ROLE_TAG_KEY]: "uploader" },
            },
            { parent: this },
        );
        new aws.iam.RolePolicy(`${name}-uploader-policy`, { role: this.uploaderRole.name, name: "push-pull-conductor", policy: JSON.stringify(uploaderPolicy(stack, this.bucketName, args.key.alias)) }, { parent: this });

        const writers = [...args.mergeRoleNames, stack.names.uploaderRole].map((r) => stack.arns.role(r));
        new aws.s3.BucketPolicy(
            `${name}-policy`,
            { bucket, policy: JSON.stringify(artifactBucketPolicy({ arns: stack.arns, bucket: this.bucketName, accountId: stack.aws.accountId, conductorWriterRoleArns: writers })) },
            // Public access block first, so the policy is never briefly evaluated without it.
            { parent: this, dependsOn: [publicAccess] },
        );
        this.registerOutputs({ bucketName: this.bucketName, uploaderRoleArn: this.uploaderRole.arn });
    }
}
