/**
 * What every component of one environment stack shares: the AWS context, the physical names and
 * ARNs (all known at preview), log settings and the network placement of compute.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Arns, AwsContext } from "../lib/arns";
import type { Names } from "../lib/naming";

export interface StackContext {
    readonly env: string;
    readonly aws: AwsContext;
    readonly names: Names;
    readonly arns: Arns;
    /** CloudWatch Logs retention for every log group. */
    readonly logRetentionDays: number;
}

/** Where compute runs: private subnets, the agents' security group, no public IP. */
export interface Placement {
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    readonly securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
}

/** A KMS key and its alias: IAM grants use the alias (known at preview), resources use the ARN. */
export interface KeyRef {
    readonly arn: pulumi.Input<string>;
    readonly alias: string;
}
