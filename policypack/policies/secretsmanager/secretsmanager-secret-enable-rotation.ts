import { type StackValidationPolicy } from "@pulumi/policy";
import { registry } from "../../lib/registry";

/** A rotation's secretId when it is a literal (a name or ARN typed in), else undefined. */
function literalSecretId(rotation: { props: Record<string, unknown> }): unknown {
    try {
        return rotation.props.secretId;
    } catch {
        return undefined;
    }
}

/** Every Secrets Manager secret has a rotation schedule. */
export const secretsmanagerSecretEnableRotation: StackValidationPolicy = registry.add({
    name: "secretsmanager-secret-enable-rotation",
    description: "Secrets Manager secrets rotate on a schedule no longer than the configured maximum.",
    severity: "high",
    remediationSteps: "Add an aws.secretsmanager.SecretRotation for the secret (components/secrets.ts does it per repo).",
    configSchema: { properties: { maxRotationDays: { type: "number", default: 90 } } },
    validateStack: (args, reportViolation) => {
        const max = args.getConfig<{ maxRotationDays: number }>().maxRotationDays;
        const rotations = args.resources.filter((r) => r.type === "aws:secretsmanager/secretRotation:SecretRotation");
        for (const secret of args.resources.filter((r) => r.type === "aws:secretsmanager/secret:Secret")) {
            // Decide on the dependency graph, which is known at preview; the secret's id is not.
            const rotation = rotations.find((r) => r.dependencies.some((d) => d.urn === secret.urn) || (r.propertyDependencies?.secretId ?? []).some((d) => d.urn === secret.urn) || literalSecretId(r) === secret.props.name);
            if (!rotation) {
                reportViolation(`Secret ${secret.name} has no rotation; add a SecretRotation with a rotation function.`, secret.urn);
                continue;
            }
            const days = (rotation.props.rotationRules as { automaticallyAfterDays?: number } | undefined)?.automaticallyAfterDays;
            if (days !== undefined && days > max) reportViolation(`Secret ${secret.name} rotates every ${days} days, over the maximum of ${max}.`, secret.urn);
        }
    },
});
