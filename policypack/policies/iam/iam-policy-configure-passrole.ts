import { type ResourceValidationPolicy } from "@pulumi/policy";
import { actionsOf, resourcesOf, statementsOf } from "../../lib/iam";
import { registry } from "../../lib/registry";
import { IDENTITY_POLICY_DOCUMENTS } from "./documents";

/** iam:PassRole only for named roles, and only to a named service (iam:PassedToService). */
export const iamPolicyConfigurePassrole: ResourceValidationPolicy = registry.add({
    name: "iam-policy-configure-passrole",
    description: "iam:PassRole must be scoped to specific roles and to the service that receives them.",
    severity: "critical",
    remediationSteps: "List the role ARNs and add a Condition StringEquals iam:PassedToService (e.g. ecs-tasks.amazonaws.com).",
    validateResource: (args, reportViolation) => {
        const field = IDENTITY_POLICY_DOCUMENTS[args.type];
        if (!field) return;
        for (const s of statementsOf(args.props[field])) {
            if (s.Effect !== "Allow" || !actionsOf(s).some((a) => a.toLowerCase() === "iam:passrole" || a.toLowerCase() === "iam:pass*")) continue;
            const id = s.Sid ?? "(no Sid)";
            if (resourcesOf(s).some((r) => r === "*" || r.endsWith(":role/*"))) reportViolation(`${args.name}: statement ${id} lets iam:PassRole pass any role; name the roles.`);
            const passedTo = s.Condition && Object.values(s.Condition).some((c) => c && typeof c === "object" && "iam:PassedToService" in c);
            if (!passedTo) reportViolation(`${args.name}: statement ${id} allows iam:PassRole without an iam:PassedToService condition; name the service that receives the role.`);
        }
    },
});
