import { type StackValidationPolicy } from "@pulumi/policy";
import { registry } from "../../lib/registry";

/** Every bucket has all four public access blocks and default encryption (KMS by default). */
export const s3BucketEnforcePrivateEncrypted: StackValidationPolicy = registry.add({
    name: "s3-bucket-enforce-private-encrypted",
    description: "S3 buckets block all public access and encrypt by default.",
    severity: "critical",
    remediationSteps: "Add a BucketPublicAccessBlock with all four flags true and a BucketServerSideEncryptionConfiguration (aws:kms).",
    configSchema: { properties: { requireKms: { type: "boolean", default: true } } },
    validateStack: (args, reportViolation) => {
        const requireKms = args.getConfig<{ requireKms: boolean }>().requireKms;
        const dependsOn = (r: (typeof args.resources)[number], bucketUrn: string) => r.dependencies.some((d) => d.urn === bucketUrn) || Object.values(r.propertyDependencies ?? {}).some((deps) => deps.some((d) => d.urn === bucketUrn));
        for (const bucket of args.resources.filter((r) => r.type === "aws:s3/bucket:Bucket" || r.type === "aws:s3/bucketV2:BucketV2")) {
            const blocks = args.resources.filter((r) => r.type === "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock" && dependsOn(r, bucket.urn));
            const full = blocks.some((b) => ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].every((k) => b.props[k] === true));
            if (!full) reportViolation(`Bucket ${bucket.name} does not block all public access; add a BucketPublicAccessBlock with all four flags true.`, bucket.urn);
            const sse = args.resources.filter((r) => /bucketServerSideEncryptionConfiguration/.test(r.type) && dependsOn(r, bucket.urn));
            const algorithms = sse.flatMap((r) => ((r.props.rules as { applyServerSideEncryptionByDefault?: { sseAlgorithm?: string } }[] | undefined) ?? []).map((x) => x.applyServerSideEncryptionByDefault?.sseAlgorithm));
            if (algorithms.length === 0) reportViolation(`Bucket ${bucket.name} has no default encryption; add a BucketServerSideEncryptionConfiguration.`, bucket.urn);
            else if (requireKms && !algorithms.some((a) => a === "aws:kms" || a === "aws:kms:dsse")) reportViolation(`Bucket ${bucket.name} is encrypted with ${algorithms.join(", ")}, not KMS; use sseAlgorithm aws:kms with a customer-managed key.`, bucket.urn);
        }
    },
});
