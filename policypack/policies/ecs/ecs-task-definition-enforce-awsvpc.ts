import { type ResourceValidationPolicy } from "@pulumi/policy";
import { egressExceptionSchema, isException } from "../../lib/exceptions";
import { registry } from "../../lib/registry";

/** Fargate tasks use awsvpc networking; services never assign public IPs. */
export const ecsTaskDefinitionEnforceAwsvpc: ResourceValidationPolicy = registry.add({
    name: "ecs-task-definition-enforce-awsvpc",
    description: "Task definitions use awsvpc networking (their own ENI in the private subnets); services assign no public IP.",
    severity: "high",
    remediationSteps: "Set networkMode: 'awsvpc'; in services, networkConfiguration.assignPublicIp: false.",
    configSchema: egressExceptionSchema,
    validateResource: (args, reportViolation) => {
        if (args.type === "aws:ecs/taskDefinition:TaskDefinition" && args.props.networkMode !== "awsvpc") {
            reportViolation(`${args.name} uses network mode ${String(args.props.networkMode ?? "bridge")}; use awsvpc so the task runs in the private subnets.`);
        }
        if (args.type === "aws:ecs/service:Service" && !isException(args.name, args.getConfig())) {
            if ((args.props.networkConfiguration as { assignPublicIp?: boolean } | undefined)?.assignPublicIp === true) reportViolation(`${args.name} assigns public IPs to its tasks; set networkConfiguration.assignPublicIp: false.`);
        }
    },
});
