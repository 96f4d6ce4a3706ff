/**
 * Builds the pack's policy list. Every policy file registers itself here; a duplicate name is a
 * programming error and throws, so there is no hand-kept list to drift.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

export type Policy = ResourceValidationPolicy | StackValidationPolicy;

export class PolicyRegistry {
    private readonly byName = new Map<string, Policy>();

    add<P extends Policy>(policy: P): P {
        if (this.byName.has(policy.name)) throw new Error(`policy ${policy.name} is registered twice`);
        if (!/^[a-z0-9]+(-[a-z0-9]+)+$/.test(policy.name)) throw new Error(`policy name ${policy.name} is not kebab-case`);
        this.byName.set(policy.name, { enforcementLevel: "mandatory", ...policy });
        return policy;
    }

    all(): Policy[] {
        return [...this.byName.values()];
    }
}

export const registry = new PolicyRegistry();
