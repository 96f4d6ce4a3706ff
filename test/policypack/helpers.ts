/** Calls a policy the way the policy SDK does, with hand-built resources (pulumi/compliance-policies style). */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

export interface FakeResource {
    type: string;
    name: string;
    props: Record<string, unknown>;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
}

const urnOf = (r: FakeResource) => `urn:pulumi:dev::test::${r.type}::${r.name}`;

export async function runResourcePolicy(policy: ResourceValidationPolicy, r: FakeResource, config: Record<string, unknown> = {}): Promise<string[]> {
    const messages: string[] = [];
    const v0 = policy.validateResource;
    if (!v0) throw new Error(`${policy.name} has no validateResource`);
    const validations = Array.isArray(v0) ? v0 : [v0];
    for (const v of validations) {
        await v(
            {
                type: r.type,
                name: r.name,
                urn: urnOf(r),
                props: r.props,
                opts: {} as never,
                getConfig: <T extends object>() => config as T,
                isType: () => false,
                asType: () => undefined,
                notApplicable: () => undefined as never,
            } as never,
            (message: string) => messages.push(message),
        );
    }
    return messages;
}

export async function runStackPolicy(policy: StackValidationPolicy, resources: FakeResource[], config: Record<string, unknown> = {}): Promise<string[]> {
    const byUrn = new Map(resources.map((r) => [urnOf(r), r]));
    const policyResources = resources.map((r) => ({
        type: r.type,
        name: r.name,
        urn: urnOf(r),
        props: r.props,
        opts: {},
        dependencies: [] as unknown[],
        propertyDependencies: {} as Record<string, unknown[]>,
        isType: () => false,
        asType: () => undefined,
    }));
    const find = (name: string) => policyResources.find((p) => p.name === name)!;
    policyResources.forEach((p, i) => {
        p.dependencies = (resources[i].dependencies ?? []).map(find);
        p.propertyDependencies = Object.fromEntries(Object.entries(resources[i].propertyDependencies ?? {}).map(([k, v]) => [k, v.map(find)]));
    });
    void byUrn;
    const messages: string[] = [];
    await policy.validateStack({ resources: policyResources, getConfig: <T extends object>() => config as T } as never, (message: string) => messages.push(message));
    return messages;
}
