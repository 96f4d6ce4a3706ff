import { type ResourceValidationPolicy } from "@pulumi/policy";
import { registry } from "../../lib/registry";

/** SQS event source mappings cap how many function instances drain the queue. */
export const lambdaEventSourceMappingConfigureMaxConcurrency: ResourceValidationPolicy = registry.add({
    name: "lambda-event-source-mapping-configure-max-concurrency",
    description: "SQS event source mappings set scalingConfig.maximumConcurrency and report batch item failures.",
    severity: "medium",
    remediationSteps: "Set scalingConfig: { maximumConcurrency } and functionResponseTypes: ['ReportBatchItemFailures'].",
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:lambda/eventSourceMapping:EventSourceMapping") return;
        const source = String(args.props.eventSourceArn ?? "");
        if (!source.includes(":sqs:")) return;
        if (!(args.props.scalingConfig as { maximumConcurrency?: number } | undefined)?.maximumConcurrency) reportViolation(`${args.name} has no maximum concurrency; set scalingConfig.maximumConcurrency.`);
        if (!((args.props.functionResponseTypes as string[] | undefined) ?? []).includes("ReportBatchItemFailures")) reportViolation(`${args.name} does not report batch item failures; a throttled record would fail the whole batch. Set functionResponseTypes: ['ReportBatchItemFailures'].`);
    },
});
