/**
 * Where Fargate subagents run: an ECS cluster with the FARGATE and FARGATE_SPOT capacity
 * providers and Container Insights, and the ECR repository (immutable tags, scan on push) their
 * image is pushed to. The image builds from handlers/fargate/Dockerfile at `pulumi up`
 * (awsx.ecr.Image); `pulumi preview` only plans the build.
 */
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import { bundleFile } from "../lib/bundle";
import type { KeyRef, StackContext } from "./shared";

export interface AgentClusterArgs {
    readonly stack: StackContext;
    readonly key: KeyRef;
    readonly tags: Record<string, string>;
}

/** Build context and Dockerfile of the Fargate subagent image, relative to the project root. */
export const FARGATE_IMAGE = { context: ".", dockerfile: "handlers/fargate/Dockerfile" } as const;

/** Hash of the bundled container entry: the image tag changes exactly when the code does. */
function imageContentHash(): string {
    return bundleFile(FARGATE_ENTRY).sha256.slice(0, 12);
}

export const FARGATE_ENTRY = "handlers/fargate/main.ts";

export class AgentCluster extends pulumi.ComponentResource {
    public readonly cluster: aws.ecs.Cluster;
    public readonly repository: aws.ecr.Repository;
    /** The pushed image (task definitions depend on it). */
    public readonly image: awsx.ecr.Image;
    /**
     * `<registry>/<repository>:<content-hash tag>`, known at preview: tags are immutable and
     * content-addressed, so this names exactly the image `image` pushes.
     */
    public readonly imageRef: string;
    /** Known at preview. */
    public readonly clusterArn: string;
    public readonly repositoryArn: string;

    constructor(name: string, args: AgentClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("supervisor:compute:AgentCluster", name, {}, opts);
        const { stack, tags } = args;
        this.clusterArn = stack.arns.cluster(stack.names.cluster);
        this.repositoryArn = stack.arns.ecrRepository(stack.names.ecrRepository);

        this.cluster = new aws.ecs.Cluster(`${name}-cluster`, { name: stack.names.cluster, settings: [{ name: "containerInsights", value: "enhanced" }], tags }, { parent: this });
        new aws.ecs.ClusterCapacityProviders(
            `${name}-capacity`,
            {
                clusterName: this.cluster.name,
                capacityProviders: ["FARGATE", "FARGATE_SPOT"],
                defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE", weight: 1, base: 0 }],
            },
            { parent: this },
        );

        this.repository = new aws.ecr.Repository(
            `${name}-repository`,
            {
                name: stack.names.ecrRepository,
                imageTagMutability: "IMMUTABLE",
                imageScanningConfiguration: { scanOnPush: true },
                encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.key.arn }],
                forceDelete: false,
                tags,
            },
            { parent: this },
        );
        new aws.ecr.LifecyclePolicy(
            `${name}-repository-lifecycle`,
            {
                repository: this.repository.name,
                policy: JSON.stringify({ rules: [{ rulePriority: 1, description: "Keep the last 20 images", selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 20 }, action: { type: "expire" } }] }),
            },
            { parent: this },
        );

        const root = path.join(__dirname, "..");
        const imageTag = `subagent-${imageContentHash()}`;
        this.imageRef = `${stack.aws.accountId}.dkr.ecr.${stack.aws.region}.amazonaws.com/${stack.names.ecrRepository}:${imageTag}`;
        this.image = new awsx.ecr.Image(
            `${name}-image`,
            {
                repositoryUrl: this.repository.repositoryUrl,
                context: path.join(root, FARGATE_IMAGE.context),
                dockerfile: path.join(root, FARGATE_IMAGE.dockerfile),
                platform: "linux/arm64",
                // Tags are immutable: tag by the bundle's content hash, so a changed handler is a new image.
                imageTag,
            },
            { parent: this },
        );
        this.registerOutputs({ clusterArn: this.clusterArn, imageRef: this.imageRef, imageUri: this.image.imageUri });
    }
}
