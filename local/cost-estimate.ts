/**
 * What a local run would cost on AWS: Step Functions transitions, Lambda GB-seconds, Fargate
 * vCPU and memory time, S3 requests and model tokens, each priced from the table in prices.ts.
 * Durations are the ones measured locally: a real run's differ, and the estimate says so.
 */
import { modelPrice, type PriceTable } from "./prices";

export interface Invocation {
    readonly kind: "lambda" | "fargate";
    readonly memoryMb: number;
    /** Fargate only. */
    readonly cpuUnits?: number;
    readonly spot?: boolean;
    readonly durationMs: number;
    readonly modelId?: string;
    readonly tokens?: { readonly input: number; readonly output: number };
}

export interface CostInputs {
    readonly workflowType: "STANDARD" | "EXPRESS";
    readonly transitions: number;
    readonly executionMs: number;
    readonly invocations: readonly Invocation[];
    readonly s3Puts: number;
    readonly s3Gets: number;
}

export interface CostEstimate {
    readonly stepFunctionsUsd: number;
    readonly lambdaUsd: number;
    readonly fargateUsd: number;
    readonly s3Usd: number;
    readonly modelUsd: number;
    readonly totalUsd: number;
    /** Everything but the model: what the supervisor itself costs. */
    readonly orchestrationUsd: number;
    readonly pricesReviewed: string;
}

export function estimateCost(run: CostInputs, prices: PriceTable): CostEstimate {
    const sf =
        run.workflowType === "STANDARD"
            ? run.transitions * prices.stepFunctions.standardPerTransition
            : prices.stepFunctions.expressPerRequest + (Math.max(run.executionMs, 100) / 1000) * 0.064 * prices.stepFunctions.expressPerGbSecond;
    let lambda = 0;
    let fargate = 0;
    let model = 0;
    for (const inv of run.invocations) {
        if (inv.kind === "lambda") {
            lambda += prices.lambda.perRequest + (Math.max(1, Math.ceil(inv.durationMs)) / 1000) * (inv.memoryMb / 1024) * prices.lambda.perGbSecondArm64;
        } else {
            const hours = Math.max(prices.fargate.minimumSeconds, inv.durationMs / 1000) / 3600;
            const onDemand = hours * (((inv.cpuUnits ?? 1024) / 1024) * prices.fargate.perVcpuHourArm64 + (inv.memoryMb / 1024) * prices.fargate.perGbHourArm64);
            fargate += inv.spot ? onDemand * prices.fargate.spotFactor : onDemand;
        }
        if (inv.tokens) {
            const p = modelPrice(prices, inv.modelId ?? "default");
            model += (inv.tokens.input / 1e6) * p.inputPerMillion + (inv.tokens.output / 1e6) * p.outputPerMillion;
        }
    }
    const s3 = run.s3Puts * prices.s3.perPut + run.s3Gets * prices.s3.perGet;
    const orchestration = sf + lambda + fargate + s3;
    return { stepFunctionsUsd: sf, lambdaUsd: lambda, fargateUsd: fargate, s3Usd: s3, modelUsd: model, orchestrationUsd: orchestration, totalUsd: orchestration + model, pricesReviewed: prices.reviewed };
}
