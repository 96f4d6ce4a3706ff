import { type StackValidationPolicy } from "@pulumi/policy";
import { actionsOf, resourcesOf, statementsOf } from "../../lib/iam";
import { registry } from "../../lib/registry";

const WRITE = /^s3:(PutObject|\*|Put\*|DeleteObject)$/i;

/** Only the merge role (and the uploader role of `supervisor push`) writes repos/<repo>/conductor/. */
export const iamRolePolicyEnforceConductorWriters: StackValidationPolicy = registry.add({
    name: "iam-role-policy-enforce-conductor-writers",
    description: "Only roles tagged supervisor-role=merge (or an allowed writer role) may write repos/*/conductor/*.",
    severity: "critical",
    remediationSteps: "Remove the repos/ write from the role; subagents write patches, the merge step writes back.",
    configSchema: {
        properties: {
            roleTagKey: { type: "string", default: "supervisor-role" },
            writerRoles: { type: "array", items: { type: "string" }, default: ["merge", "uploader"] },
        },
    },
    validateStack: (args, reportViolation) => {
        const { roleTagKey, writerRoles } = args.getConfig<{ roleTagKey: string; writerRoles: string[] }>();
        const roles = args.resources.filter((r) => r.type === "aws:iam/role:Role");
        for (const p of args.resources.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy")) {
            const writes = statementsOf(p.props.policy)
                .filter((s) => s.Effect === "Allow" && actionsOf(s).some((a) => WRITE.test(a)))
                .flatMap((s) => resourcesOf(s))
                .filter((r) => /\/repos\/|:::[^/]*\/\*$|^\*$/.test(r));
            if (writes.length === 0) continue;
            const role = roles.find((r) => r.props.name === p.props.role || p.dependencies.some((d) => d.urn === r.urn));
            const kind = (role?.props.tags as Record<string, string> | undefined)?.[roleTagKey];
            if (!kind || !writerRoles.includes(kind)) {
                reportViolation(`${p.name} lets role ${role?.name ?? String(p.props.role)} (${roleTagKey}=${kind ?? "none"}) write ${writes.join(", ")}; only ${writerRoles.join(" and ")} roles may write Conductor artifacts.`, p.urn);
            }
        }
    },
});
