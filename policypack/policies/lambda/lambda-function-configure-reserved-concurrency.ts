import { type ResourceValidationPolicy } from "@pulumi/policy";
import { registry } from "../../lib/registry";

/** Reserved concurrency on every Lambda: the cap on runaway parallelism (and cost). */
export const lambdaFunctionConfigureReservedConcurrency: ResourceValidationPolicy = registry.add({
    name: "lambda-function-configure-reserved-concurrency",
    description: "Every Lambda function has a reserved concurrency between 1 and the configured maximum.",
    severity: "high",
    remediationSteps: "Set reservedConcurrentExecutions (the agent's reservedConcurrency in the stack config).",
    configSchema: { properties: { maxReservedConcurrency: { type: "number", default: 100 } } },
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:lambda/function:Function") return;
        const n = args.props.reservedConcurrentExecutions as number | undefined;
        const max = args.getConfig<{ maxReservedConcurrency: number }>().maxReservedConcurrency;
        if (n === undefined || n === -1) reportViolation(`${args.name} has no reserved concurrency; set reservedConcurrentExecutions to cap its parallelism.`);
        else if (n < 1 || n > max) reportViolation(`${args.name} has reserved concurrency ${n}; use 1 to ${max}.`);
    },
});
