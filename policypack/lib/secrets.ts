/**
 * What looks like a secret in an environment variable: a secret-sounding name with a literal
 * value, or a value shaped like a known credential. Only literal values are inspected: a value
 * not known at preview is computed from another resource's output, so it cannot be an inline
 * credential, and reading it would make the engine downgrade the policy (DESIGN.md, "Gates").
 */
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET(?!_ARN)|TOKEN(?!_URL)|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)(_|$)/i;
const SECRET_VALUE: [RegExp, string][] = [
    [/^(AKIA|ASIA)[0-9A-Z]{16}$/, "an AWS access key id"],
    [/^gh[pousr]_[A-Za-z0-9]{30,}$/, "a GitHub token"],
    [/^sk-[A-Za-z0-9_-]{20,}$/, "an API secret key"],
    [/^xox[abp]-[A-Za-z0-9-]{10,}$/, "a Slack token"],
    [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a private key"],
];

/** Names of variables that hold a reference, not a secret (ARNs and secret names). */
const REFERENCE = /(_ARN|_ID|_NAME|_URL)$/i;

export function secretProblem(name: string, value: unknown): string | undefined {
    if (typeof value !== "string" || value.length === 0) return undefined;
    for (const [re, what] of SECRET_VALUE) if (re.test(value)) return `its value looks like ${what}`;
    if (SECRET_NAME.test(name) && !REFERENCE.test(name) && !value.startsWith("arn:")) return "its name says it holds a secret and it has a literal value";
    return undefined;
}
