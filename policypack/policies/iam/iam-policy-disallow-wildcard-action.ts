import { type ResourceValidationArgs, type ResourceValidationPolicy } from "@pulumi/policy";
import { actionsOf, statementsOf } from "../../lib/iam";
import { registry } from "../../lib/registry";
import { IDENTITY_POLICY_DOCUMENTS } from "./documents";

/** No Allow statement grants every action (`*`) or every action of a service (`s3:*`). */
export const iamPolicyDisallowWildcardAction: ResourceValidationPolicy = registry.add({
    name: "iam-policy-disallow-wildcard-action",
    description: "IAM statements must name their actions; `*` and `service:*` grant far more than any subagent needs.",
    severity: "critical",
    remediationSteps: "List the exact actions the role's handler calls (lib/iam-documents.ts builds them per role).",
    validateResource: (args, reportViolation) => {
        const field = IDENTITY_POLICY_DOCUMENTS[args.type];
        if (!field) return;
        for (const s of statementsOf(args.props[field])) {
            if (s.Effect !== "Allow") continue;
            if (s.NotAction) reportViolation(`${args.name}: statement ${s.Sid ?? "(no Sid)"} uses NotAction, which allows every other action; list the allowed actions instead.`);
            for (const a of actionsOf(s)) {
                if (a === "*" || /^[a-z0-9-]+:\*$/i.test(a)) reportViolation(`${args.name}: statement ${s.Sid ?? "(no Sid)"} allows '${a}'; list the exact actions instead.`);
            }
        }
    },
});
