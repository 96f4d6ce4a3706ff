import { type ResourceValidationPolicy } from "@pulumi/policy";
import { egressExceptionSchema, isException } from "../../lib/exceptions";
import { registry } from "../../lib/registry";

/** Subnets do not hand out public IPs, and no route sends 0.0.0.0/0 to a gateway. */
export const ec2SubnetDisallowPublicIp: ResourceValidationPolicy = registry.add({
    name: "ec2-subnet-disallow-public-ip",
    description: "Compute lives in private subnets: no public IPs on launch, no default route to a gateway.",
    severity: "critical",
    remediationSteps: "Set mapPublicIpOnLaunch: false and remove default routes; AWS APIs are reached through endpoints.",
    configSchema: egressExceptionSchema,
    validateResource: (args, reportViolation) => {
        if (isException(args.name, args.getConfig())) return;
        if (args.type === "aws:ec2/subnet:Subnet" && args.props.mapPublicIpOnLaunch === true) reportViolation(`${args.name} maps public IPs on launch; set mapPublicIpOnLaunch: false.`);
        if (args.type === "aws:ec2/route:Route" && (args.props.destinationCidrBlock === "0.0.0.0/0" || args.props.destinationIpv6CidrBlock === "::/0")) {
            reportViolation(`${args.name} routes all traffic (${args.props.destinationCidrBlock ?? args.props.destinationIpv6CidrBlock}) out of the VPC; remove it or name it in allowedPublicEgress.`);
        }
        if (args.type === "aws:ec2/routeTable:RouteTable") {
            for (const r of (args.props.routes as { cidrBlock?: string; ipv6CidrBlock?: string }[] | undefined) ?? []) {
                if (r.cidrBlock === "0.0.0.0/0" || r.ipv6CidrBlock === "::/0") reportViolation(`${args.name} has a default route out of the VPC; remove it or name the table in allowedPublicEgress.`);
            }
        }
    },
});
