import { type ResourceValidationPolicy } from "@pulumi/policy";
import { registry } from "../../lib/registry";

const ADMIN = /(^|\/)(AdministratorAccess|PowerUserAccess|IAMFullAccess|[A-Za-z0-9]*FullAccess[A-Za-z0-9]*)$/;

/** No AdministratorAccess, PowerUserAccess or *FullAccess managed policy on any role. */
export const iamRoleDisallowAdminAttachments: ResourceValidationPolicy = registry.add({
    name: "iam-role-disallow-admin-attachments",
    description: "Roles must not carry admin or *FullAccess managed policies (a CallbackFunction without a role attaches nine).",
    severity: "critical",
    remediationSteps: "Give the function or task its own role with a least-privilege inline policy.",
    validateResource: (args, reportViolation) => {
        const arns: string[] = [];
        if (args.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" || args.type === "aws:iam/policyAttachment:PolicyAttachment") arns.push(String(args.props.policyArn ?? ""));
        if (args.type === "aws:iam/role:Role") arns.push(...((args.props.managedPolicyArns as string[] | undefined) ?? []));
        for (const arn of arns) if (ADMIN.test(arn)) reportViolation(`${args.name}: attaches ${arn}; use a least-privilege inline policy instead.`);
    },
});
