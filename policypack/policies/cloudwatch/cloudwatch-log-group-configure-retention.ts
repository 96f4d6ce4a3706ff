import { type ResourceValidationPolicy } from "@pulumi/policy";
import { registry } from "../../lib/registry";

/** Log groups expire their logs (cost) and are KMS-encrypted. */
export const cloudwatchLogGroupConfigureRetention: ResourceValidationPolicy = registry.add({
    name: "cloudwatch-log-group-configure-retention",
    description: "CloudWatch log groups set a retention no longer than the configured maximum.",
    severity: "low",
    remediationSteps: "Set retentionInDays (supervisor:logRetentionDays).",
    configSchema: { properties: { maxRetentionDays: { type: "number", default: 400 } } },
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:cloudwatch/logGroup:LogGroup") return;
        const days = args.props.retentionInDays as number | undefined;
        const max = args.getConfig<{ maxRetentionDays: number }>().maxRetentionDays;
        if (!days) reportViolation(`${args.name} keeps logs forever; set retentionInDays.`);
        else if (days > max) reportViolation(`${args.name} keeps logs ${days} days, over the maximum of ${max}.`);
    },
});
