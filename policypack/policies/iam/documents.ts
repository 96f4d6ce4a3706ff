/** Resource types that carry an identity-based IAM document, and the property that holds it. */
export const IDENTITY_POLICY_DOCUMENTS: Readonly<Record<string, string>> = {
    "aws:iam/rolePolicy:RolePolicy": "policy",
    "aws:iam/policy:Policy": "policy",
    "aws:iam/userPolicy:UserPolicy": "policy",
    "aws:iam/groupPolicy:GroupPolicy": "policy",
};
