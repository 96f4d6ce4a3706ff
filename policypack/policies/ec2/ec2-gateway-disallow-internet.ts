import { type ResourceValidationPolicy } from "@pulumi/policy";
import { egressExceptionSchema, isException } from "../../lib/exceptions";
import { registry } from "../../lib/registry";

const GATEWAYS: Record<string, string> = {
    "aws:ec2/internetGateway:InternetGateway": "an internet gateway",
    "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway": "an egress-only internet gateway",
    "aws:ec2/natGateway:NatGateway": "a NAT gateway",
    "aws:ec2/eip:Eip": "an Elastic IP",
};

/** No internet, egress-only or NAT gateway and no Elastic IP, unless named as an exception. */
export const ec2GatewayDisallowInternet: ResourceValidationPolicy = registry.add({
    name: "ec2-gateway-disallow-internet",
    description: "Subagents run without a path to the internet: no internet or NAT gateway, no Elastic IP.",
    severity: "critical",
    remediationSteps: "Reach AWS APIs through VPC endpoints; if a path out is really needed, name the resource in allowedPublicEgress and document why.",
    configSchema: egressExceptionSchema,
    validateResource: (args, reportViolation) => {
        const what = GATEWAYS[args.type];
        if (!what || isException(args.name, args.getConfig())) return;
        reportViolation(`${args.name} is ${what}, a path to the internet; use VPC endpoints, or name it in allowedPublicEgress.`);
    },
});
