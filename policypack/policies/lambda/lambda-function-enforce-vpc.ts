import { type ResourceValidationPolicy } from "@pulumi/policy";
import { registry } from "../../lib/registry";

/** Every Lambda runs in the VPC's private subnets. */
export const lambdaFunctionEnforceVpc: ResourceValidationPolicy = registry.add({
    name: "lambda-function-enforce-vpc",
    description: "Lambda functions run in private subnets (vpcConfig), so their only way out is through VPC endpoints.",
    severity: "high",
    remediationSteps: "Set vpcConfig with the private subnets and the compute security group.",
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:lambda/function:Function") return;
        const vpc = args.props.vpcConfig as { subnetIds?: unknown[]; securityGroupIds?: unknown[] } | undefined;
        if (!vpc || !vpc.subnetIds || vpc.subnetIds.length === 0) reportViolation(`${args.name} is not in a VPC; set vpcConfig with the private subnets and the compute security group.`);
    },
});
