/**
 * Named exceptions to the no-public-egress gate: a stack that really needs a NAT gateway or an
 * open egress rule lists the resource's logical name in the pack config
 * (`allowedPublicEgress`), and the exception is visible in review (docs/gates.md).
 */
export const egressExceptionSchema = {
    properties: { allowedPublicEgress: { type: "array" as const, items: { type: "string" as const }, default: [] as string[] } },
};

export function isException(name: string, config: { allowedPublicEgress?: string[] }): boolean {
    return (config.allowedPublicEgress ?? []).includes(name);
}
