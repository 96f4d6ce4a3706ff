/**
 * The isolated network: a VPC with private subnets only (no internet or NAT gateway, no public
 * IPs), interface endpoints for every AWS API the handlers and tasks call, an S3 gateway endpoint,
 * and security groups whose egress reaches only those endpoints and the S3 prefix list.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyDocument } from "../lib/iam-documents";
import type { StackContext } from "./shared";

/**
 * The AWS APIs reached through interface endpoints, and who calls them:
 * secretsmanager (subagents, rotation), states (dispatcher, Fargate task-token callbacks),
 * logs and monitoring (every function and task), xray (tracing), sts (SDK credential refresh),
 * ecr.api and ecr.dkr (Fargate image pulls), bedrock-runtime (model calls), sqs (dispatcher
 * batch-item failures), kms (decrypting artifacts and secrets).
 */
export const INTERFACE_ENDPOINT_SERVICES = ["secretsmanager", "states", "logs", "monitoring", "xray", "sts", "ecr.api", "ecr.dkr", "bedrock-runtime", "sqs", "kms"] as const;
export type InterfaceEndpointService = (typeof INTERFACE_ENDPOINT_SERVICES)[number];

export interface SupervisorNetworkArgs {
    readonly stack: StackContext;
    readonly cidrBlock: string;
    readonly availabilityZoneCount: number;
    /** Buckets reachable through the S3 gateway endpoint (the artifact bucket). */
    readonly bucketNames: readonly string[];
    /** Bedrock model ids the endpoint lets through. */
    readonly modelIds: readonly string[];
    readonly tags: Record<string, string>;
}

/** Endpoint policy: only principals and resources of this account. */
export function accountOnlyEndpointPolicy(accountId: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "OnlyThisAccount",
                Effect: "Allow",
                Principal: "*",
                Action: "*",
                Resource: "*",
                Condition: { StringEquals: { "aws:PrincipalAccount": accountId, "aws:ResourceAccount": accountId } },
            },
        ],
    };
}

/** Splits the VPC CIDR into one subnet per AZ: /20s where room allows, smaller in small VPCs. */
export function subnetCidrs(vpcCidr: string, count: number): string[] {
    const [base, bitsText] = vpcCidr.split("/");
    const bits = Number(bitsText);
    const octets = base.split(".").map(Number);
    const start = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
    const subnetBits = Math.min(28, Math.max(bits + Math.ceil(Math.log2(count)), 20));
    const size = 2 ** (32 - subnetBits);
    if (size * count > 2 ** (32 - bits)) throw new Error(`vpcCidr ${vpcCidr} is too small for ${count} subnets`);
    return Array.from({ length: count }, (_, i) => {
        const n = start + i * size;
        return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${subnetBits}`;
    });
}

export class SupervisorNetwork extends pulumi.ComponentResource {
    public readonly vpc: aws.ec2.Vpc;
    public readonly privateSubnetIds: pulumi.Output<string>[];
    /** Attached to every Lambda and Fargate task. */
    public readonly computeSecurityGroup: aws.ec2.SecurityGroup;
    public readonly endpointSecurityGroup: aws.ec2.SecurityGroup;
    public readonly s3Endpoint: aws.ec2.VpcEndpoint;
    public readonly interfaceEndpoints: Record<InterfaceEndpointService, aws.ec2.VpcEndpoint>;

    constructor(name: string, args: SupervisorNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("supervisor:network:SupervisorNetwork", name, {}, opts);
        const { stack, tags } = args;
        const region = stack.aws.region;
        const named = (n: string) => ({ ...tags, Name: `supervisor-${stack.env}-${n}` });

        this.vpc = new aws.ec2.Vpc(`${name}-vpc`, { cidrBlock: args.cidrBlock, enableDnsHostnames: true, enableDnsSupport: true, tags: named("vpc") }, { parent: this });
        // Lock down the default security group: no rules at all.
        new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: this.vpc.id, ingress: [], egress: [], tags: named("default-locked") }, { parent: this });

        const routeTable = new aws.ec2.RouteTable(`${name}-private-rt`, { vpcId: this.vpc.id, tags: named("private") }, { parent: this });
        const azs = aws.getAvailabilityZonesOutput({ state: "available" }, { parent: this });
        const cidrs = subnetCidrs(args.cidrBlock, args.availabilityZoneCount);
        this.privateSubnetIds = cidrs.map((cidrBlock, i) => {
            const subnet = new aws.ec2.Subnet(
                `${name}-private-${i}`,
                { vpcId: this.vpc.id, cidrBlock, availabilityZone: azs.names[i], mapPublicIpOnLaunch: false, tags: named(`private-${i}`) },
                { parent: this },
            );
            new aws.ec2.RouteTableAssociation(`${name}-private-${i}-rt`, { subnetId: subnet.id, routeTableId: routeTable.id }, { parent: this });
            return subnet.id;
        });

        this.endpointSecurityGroup = new aws.ec2.SecurityGroup(
            `${name}-endpoints-sg`,
            {
                vpcId: this.vpc.id,
                description: "Interface endpoints: HTTPS from inside the VPC only",
                ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [args.cidrBlock], description: "HTTPS from the VPC" }],
                egress: [],
                tags: named("endpoints"),
            },
            { parent: this },
        );

        this.s3Endpoint = new aws.ec2.VpcEndpoint(
            `${name}-s3`,
            {
                vpcId: this.vpc.id,
                serviceName: `com.amazonaws.${region}.s3`,
                vpcEndpointType: "Gateway",
                routeTableIds: [routeTable.id],
                policy: JSON.stringify(this.s3EndpointPolicy(stack, args.bucketNames)),
                tags: named("s3"),
            },
            { parent: this },
        );

        this.computeSecurityGroup = new aws.ec2.SecurityGroup(
            `${name}-compute-sg`,
            {
                vpcId: this.vpc.id,
                description: "Subagents and supervisor functions: egress to VPC endpoints and S3 only",
                ingress: [],
                egress: [
                    { protocol: "tcp", fromPort: 443, toPort: 443, securityGroups: [this.endpointSecurityGroup.id], description: "HTTPS to interface endpoints" },
                    { protocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: [this.s3Endpoint.prefixListId], description: "HTTPS to S3 via the gateway endpoint" },
                ],
                tags: named("compute"),
            },
            { parent: this },
        );

        const endpoints = {} as Record<InterfaceEndpointService, aws.ec2.VpcEndpoint>;
        for (const service of INTERFACE_ENDPOINT_SERVICES) {
            endpoints[service] = new aws.ec2.VpcEndpoint(
                `${name}-${service.replace(/\./g, "-")}`,
                {
                    vpcId: this.vpc.id,
                    serviceName: `com.amazonaws.${region}.${service}`,
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: true,
                    subnetIds: this.privateSubnetIds,
                    securityGroupIds: [this.endpointSecurityGroup.id],
                    policy: JSON.stringify(service === "bedrock-runtime" ? this.bedrockEndpointPolicy(stack, args.modelIds) : accountOnlyEndpointPolicy(stack.aws.accountId)),
                    tags: named(service),
                },
                { parent: this },
            );
        }
        this.interfaceEndpoints = endpoints;
        this.registerOutputs({ vpcId: this.vpc.id, privateSubnetIds: this.privateSubnetIds, computeSecurityGroupId: this.computeSecurityGroup.id });
    }

    /** S3 through the gateway: the artifact bucket, and the bucket ECR serves image layers from. */
    private s3EndpointPolicy(stack: StackContext, bucketNames: readonly string[]): PolicyDocument {
        return {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "ArtifactBuckets",
                    Effect: "Allow",
                    Principal: "*",
                    Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:ListBucket"],
                    Resource: bucketNames.flatMap((b) => [stack.arns.bucket(b), stack.arns.object(b, "*")]),
                    Condition: { StringEquals: { "aws:PrincipalAccount": stack.aws.accountId } },
                },
                {
                    Sid: "EcrImageLayers",
                    Effect: "Allow",
                    Principal: "*",
                    Action: "s3:GetObject",
                    Resource: stack.arns.object(`prod-${stack.aws.region}-starport-layer-bucket`, "*"),
                },
            ],
        };
    }

    /** Bedrock's foundation models belong to no account: allow exactly the configured ones. */
    private bedrockEndpointPolicy(stack: StackContext, modelIds: readonly string[]): PolicyDocument {
        return {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "ConfiguredModelsOnly",
                    Effect: "Allow",
                    Principal: "*",
                    Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
                    Resource: [...new Set(modelIds)].map((m) => stack.arns.bedrockModel(m)),
                    Condition: { StringEquals: { "aws:PrincipalAccount": stack.aws.accountId } },
                },
            ],
        };
    }
}
