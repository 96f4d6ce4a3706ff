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
        const registered = withSchemaDefaults({ enforcementLevel: "mandatory", ...policy } as P);
        this.byName.set(policy.name, registered);
        return registered;
    }

    all(): Policy[] {
        return [...this.byName.values()];
    }
}

/**
 * The engine fills a policy's config with its schema's defaults before Configure; a host that
 * does not (an older CLI, a test) would hand policies an empty object. Merging the defaults here
 * keeps each threshold in one place, the configSchema, whatever the host.
 */
function withSchemaDefaults<P extends Policy>(policy: P): P {
    const defaults: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(policy.configSchema?.properties ?? {})) if (v && typeof v === "object" && "default" in v) defaults[k] = (v as { default: unknown }).default;
    const wrap = <A extends { getConfig: <T extends object>() => T }>(args: A): A => ({ ...args, getConfig: <T extends object>() => ({ ...defaults, ...args.getConfig<T>() }) as T });
    if ("validateResource" in policy && policy.validateResource) {
        const v = policy.validateResource;
        const validations = Array.isArray(v) ? v : [v];
        return { ...policy, validateResource: validations.map((f) => (args: Parameters<typeof f>[0], report: Parameters<typeof f>[1]) => f(wrap(args), report)) };
    }
    if ("validateStack" in policy && policy.validateStack) {
        const v = policy.validateStack;
        return { ...policy, validateStack: (args: Parameters<typeof v>[0], report: Parameters<typeof v>[1]) => v(wrap(args), report) };
    }
    return policy;
}

export const registry = new PolicyRegistry();
