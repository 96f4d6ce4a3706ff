import { type ResourceValidationPolicy } from "@pulumi/policy";
import { egressExceptionSchema, isException } from "../../lib/exceptions";
import { registry } from "../../lib/registry";

const OPEN = (cidrs: unknown) => ((cidrs as string[] | undefined) ?? []).some((c) => c === "0.0.0.0/0" || c === "::/0");

/** No security group rule sends traffic to 0.0.0.0/0 or ::/0. */
export const ec2SecurityGroupDisallowPublicEgress: ResourceValidationPolicy = registry.add({
    name: "ec2-security-group-disallow-public-egress",
    description: "Egress reaches only VPC endpoints and the S3 prefix list, never 0.0.0.0/0 or ::/0.",
    severity: "critical",
    remediationSteps: "Point egress at the endpoints' security group and the S3 prefix list; name a real exception in allowedPublicEgress.",
    configSchema: egressExceptionSchema,
    validateResource: (args, reportViolation) => {
        if (isException(args.name, args.getConfig())) return;
        const p = args.props as Record<string, any>;
        if (args.type === "aws:ec2/securityGroup:SecurityGroup") {
            for (const rule of (p.egress as any[]) ?? []) {
                if (OPEN(rule.cidrBlocks) || OPEN(rule.ipv6CidrBlocks)) reportViolation(`${args.name} allows egress to the internet (${[...(rule.cidrBlocks ?? []), ...(rule.ipv6CidrBlocks ?? [])].join(", ")}); allow only the VPC endpoints and the S3 prefix list.`);
            }
        }
        if (args.type === "aws:ec2/securityGroupRule:SecurityGroupRule" && p.type === "egress" && (OPEN(p.cidrBlocks) || OPEN(p.ipv6CidrBlocks))) {
            reportViolation(`${args.name} allows egress to the internet; allow only the VPC endpoints and the S3 prefix list.`);
        }
        if (args.type === "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule" && (p.cidrIpv4 === "0.0.0.0/0" || p.cidrIpv6 === "::/0")) {
            reportViolation(`${args.name} allows egress to the internet; allow only the VPC endpoints and the S3 prefix list.`);
        }
    },
});
