/**
 * Strict Pulumi mocks that stand in for the engine and the AWS provider, so the program can be
 * built without a cloud account:
 *
 * - every registered resource is recorded with its type, name, parent and the inputs exactly as
 *   the engine would receive them (unknown values kept as the engine's unknown sentinel);
 * - an invoke the mocks do not know throws, so a new data-source call cannot slip through with a
 *   made-up answer;
 * - `known: false` behaves like a first `pulumi preview`: providers compute nothing, so every
 *   output that is not an input stays unknown; `known: true` behaves like an update, where the
 *   provider has filled in ids and ARNs.
 */
import type * as pulumiModule from "@pulumi/pulumi";

export const MOCK_ACCOUNT_ID = "123456789012";
export const MOCK_AZS = ["a", "b", "c", "d", "e", "f"];

/** The engine's marker for a value not known until the resource exists. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface RecordedResource {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    parent?: string;
    /** Inputs as sent to the engine; unknown values are the `UNKNOWN` sentinel. */
    inputs: Record<string, unknown>;
    provider?: string;
    /** URNs this resource depends on (explicit dependsOn and every Output it took as input). */
    dependencies: string[];
    /** Per input property, the URNs its value came from. */
    propertyDependencies: Record<string, string[]>;
}

export interface StrictMockOptions {
    /** false: a first preview (computed outputs unknown); true: an update. */
    readonly known: boolean;
    readonly region: string;
}

/** Computed outputs a provider would return for a created resource (update mode only). */
function computedOutputs(type: string, name: string, inputs: Record<string, any>, region: string): Record<string, unknown> {
    const [pkg, mod] = type.split(":");
    const service = (mod ?? "").split("/")[0].toLowerCase();
    const physical = inputs.name ?? inputs.bucket ?? inputs.functionName ?? inputs.family ?? name;
    const out: Record<string, unknown> = {
        arn: `arn:aws:${service}:${region}:${MOCK_ACCOUNT_ID}:${name}`,
        name: physical,
    };
    if (pkg !== "aws") return out;
    switch (type) {
        case "aws:s3/bucket:Bucket":
            return { ...out, bucket: physical, arn: `arn:aws:s3:::${physical}`, bucketRegionalDomainName: `${physical}.s3.${region}.amazonaws.com` };
        case "aws:sqs/queue:Queue":
            return { ...out, arn: `arn:aws:sqs:${region}:${MOCK_ACCOUNT_ID}:${physical}`, url: `https://sqs.${region}.amazonaws.com/${MOCK_ACCOUNT_ID}/${physical}` };
        case "aws:lambda/function:Function":
            return { ...out, arn: `arn:aws:lambda:${region}:${MOCK_ACCOUNT_ID}:function:${physical}`, invokeArn: `arn:aws:apigateway:${region}:lambda:path/functions/${physical}` };
        case "aws:iam/role:Role":
            return { ...out, arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${physical}`, uniqueId: `AROA${name.length}` };
        case "aws:kms/key:Key":
            return { ...out, arn: `arn:aws:kms:${region}:${MOCK_ACCOUNT_ID}:key/${name}`, keyId: name };
        case "aws:ec2/vpc:Vpc":
            return { ...out, cidrBlock: inputs.cidrBlock, defaultSecurityGroupId: `sg-default-${name}`, mainRouteTableId: `rtb-main-${name}` };
        case "aws:ec2/vpcEndpoint:VpcEndpoint":
            return { ...out, prefixListId: `pl-${name}`, dnsEntries: [] };
        case "aws:sns/topic:Topic":
            return { ...out, arn: `arn:aws:sns:${region}:${MOCK_ACCOUNT_ID}:${physical}` };
        case "aws:ecr/repository:Repository":
            return { ...out, repositoryUrl: `${MOCK_ACCOUNT_ID}.dkr.ecr.${region}.amazonaws.com/${physical}` };
        case "aws:secretsmanager/secret:Secret":
            return { ...out, arn: `arn:aws:secretsmanager:${region}:${MOCK_ACCOUNT_ID}:secret:${physical}-AbCdEf` };
        case "aws:sfn/stateMachine:StateMachine":
            return { ...out, arn: `arn:aws:states:${region}:${MOCK_ACCOUNT_ID}:stateMachine:${physical}` };
        default:
            return out;
    }
}

/** Answers for the data sources the program is allowed to call; anything else throws. */
function invokeResult(token: string, inputs: Record<string, any>, region: string): Record<string, unknown> {
    switch (token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId: MOCK_ACCOUNT_ID, arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/mock`, userId: "AIDAMOCK", id: MOCK_ACCOUNT_ID };
        case "aws:index/getRegion:getRegion":
            return { name: region, region, id: region, endpoint: `ec2.${region}.amazonaws.com`, description: region };
        case "aws:index/getPartition:getPartition":
            return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws", reverseDnsPrefix: "com.amazonaws" };
        case "aws:index/getAvailabilityZones:getAvailabilityZones":
            return { names: MOCK_AZS.map((s) => `${region}${s}`), zoneIds: MOCK_AZS.map((_, i) => `use1-az${i + 1}`), id: region };
        default:
            throw new Error(`strict mocks: unexpected invoke '${token}' (${JSON.stringify(inputs).slice(0, 200)}); add an answer to harness/mocks.ts if the program really needs it`);
    }
}

/**
 * The Pulumi SDK instance to install the mocks into: the program's own copy (resolved from its
 * directory), which is the project's copy unless the program lives elsewhere.
 */
export interface PulumiSdk {
    readonly pulumi: typeof pulumiModule;
    readonly MockMonitor: { prototype: { registerResource(req: any, callback: (err: any, res: any) => void): Promise<void> } };
}

/** The project's own SDK. */
export function projectSdk(): PulumiSdk {
    return { pulumi: require("@pulumi/pulumi"), MockMonitor: require("@pulumi/pulumi/runtime/mocks").MockMonitor };
}

/**
 * Installs strict mocks and returns the list that fills as the program registers resources.
 * Call before importing the program.
 */
export async function installStrictMocks(project: string, stack: string, options: StrictMockOptions, sdk: PulumiSdk = projectSdk()): Promise<RecordedResource[]> {
    const { pulumi, MockMonitor } = sdk;
    const recorded: RecordedResource[] = [];
    const mocks: pulumiModule.runtime.Mocks = {
        newResource(args) {
            const state = options.known ? { ...args.inputs, ...computedOutputs(args.type, args.name, args.inputs, options.region) } : { ...args.inputs };
            const id = options.known ? `${args.name}-id` : undefined;
            return { id, state };
        },
        call(args) {
            return invokeResult(args.token, args.inputs, options.region);
        },
    };
    // Record the raw request, before the SDK's mock monitor deserializes it and drops unknowns.
    const original = MockMonitor.prototype.registerResource;
    MockMonitor.prototype.registerResource = async function (this: unknown, req: any, callback: (err: any, res: any) => void) {
        const parent: string = req.getParent();
        recorded.push({
            urn: (this as any).newUrn(parent, req.getType(), req.getName()),
            type: req.getType(),
            name: req.getName(),
            custom: req.getCustom(),
            parent: parent || undefined,
            inputs: (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
            provider: req.getProvider() || undefined,
            dependencies: req.getDependenciesList(),
            propertyDependencies: Object.fromEntries([...req.getPropertydependenciesMap().entries()].map(([k, v]: [string, any]) => [k, v.getUrnsList()])),
        });
        return original.call(this, req, callback);
    };
    await pulumi.runtime.setMocks(mocks, project, stack, !options.known);
    return recorded;
}

/** True if `value` (deeply) contains an unknown. */
export function containsUnknown(value: unknown): boolean {
    if (value === UNKNOWN) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
    return false;
}
