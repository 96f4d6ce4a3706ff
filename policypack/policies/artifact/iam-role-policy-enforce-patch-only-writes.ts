import { type ResourceValidationPolicy } from "@pulumi/policy";
import { actionsOf, resourcesOf, statementsOf } from "../../lib/iam";
import { registry } from "../../lib/registry";

const WRITE = /^s3:(PutObject|\*|Put\*)$/i;
const PATCH_KEY = /\/runs\/[^/]*\*?[^/]*\/patches\/[^/]+\/[^/]+\.patch$/;

/** A role that writes patches writes nothing else to S3: subagents output only diffs. */
export const iamRolePolicyEnforcePatchOnlyWrites: ResourceValidationPolicy = registry.add({
    name: "iam-role-policy-enforce-patch-only-writes",
    description: "Roles that can write runs/*/patches/ can write nowhere else in S3, and only *.patch keys there.",
    severity: "critical",
    remediationSteps: "Give the subagent role one PutObject statement on runs/<repo>--*/patches/*/<agent>.patch (runtime/layout.ts keyPatterns.agentPatches).",
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:iam/rolePolicy:RolePolicy" && args.type !== "aws:iam/policy:Policy") return;
        const writes = statementsOf(args.props.policy)
            .filter((s) => s.Effect === "Allow" && actionsOf(s).some((a) => WRITE.test(a)))
            .flatMap((s) => resourcesOf(s));
        if (!writes.some((r) => r.includes("/patches/"))) return;
        for (const r of writes) {
            if (!PATCH_KEY.test(r)) reportViolation(`${args.name} writes patches and also ${r}; a subagent may write only runs/<run>/patches/<task>/<agent>.patch keys.`);
        }
    },
});
