import { type ResourceValidationPolicy } from "@pulumi/policy";
import { registry } from "../../lib/registry";

/** Active X-Ray tracing on every Lambda. */
export const lambdaFunctionEnableTracing: ResourceValidationPolicy = registry.add({
    name: "lambda-function-enable-tracing",
    description: "Lambda functions have active X-Ray tracing, so a run can be followed across functions.",
    severity: "medium",
    remediationSteps: "Set tracingConfig: { mode: 'Active' }.",
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:lambda/function:Function") return;
        if ((args.props.tracingConfig as { mode?: string } | undefined)?.mode !== "Active") reportViolation(`${args.name} does not have active tracing; set tracingConfig: { mode: 'Active' }.`);
    },
});
