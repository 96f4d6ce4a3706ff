/**
 * The price table the local run's cost estimate uses: AWS list prices for us-east-1 (USD), as
 * published when this table was last reviewed. Prices change: pass `--prices <file.json>` with
 * any subset of these keys to override them (docs/local-run.md).
 */
import { readFileSync } from "node:fs";
import { z } from "zod";

const modelPriceSchema = z.object({ inputPerMillion: z.number().nonnegative(), outputPerMillion: z.number().nonnegative() });

export const priceTableSchema = z.object({
    reviewed: z.string(),
    stepFunctions: z.object({
        /** Standard workflows: per state transition. */
        standardPerTransition: z.number().nonnegative(),
        /** Express workflows: per request, and per GB-second at the 64 MB minimum. */
        expressPerRequest: z.number().nonnegative(),
        expressPerGbSecond: z.number().nonnegative(),
    }),
    lambda: z.object({ perRequest: z.number().nonnegative(), perGbSecondArm64: z.number().nonnegative() }),
    fargate: z.object({
        perVcpuHourArm64: z.number().nonnegative(),
        perGbHourArm64: z.number().nonnegative(),
        /** Fargate Spot as a fraction of the on-demand price. */
        spotFactor: z.number().positive().max(1),
        /** Fargate bills at least this many seconds per task. */
        minimumSeconds: z.number().nonnegative(),
    }),
    s3: z.object({ perPut: z.number().nonnegative(), perGet: z.number().nonnegative() }),
    /** Per model id; `default` applies to any other model and to the local providers' runs. */
    models: z.record(z.string(), modelPriceSchema),
});
export type PriceTable = z.infer<typeof priceTableSchema>;

export const DEFAULT_PRICES: PriceTable = {
    reviewed: "2026-11 (us-east-1 list prices)",
    stepFunctions: { standardPerTransition: 0.000025, expressPerRequest: 0.000001, expressPerGbSecond: 0.00001667 },
    lambda: { perRequest: 0.0000002, perGbSecondArm64: 0.0000133334 },
    fargate: { perVcpuHourArm64: 0.03238, perGbHourArm64: 0.00356, spotFactor: 0.3, minimumSeconds: 60 },
    s3: { perPut: 0.000005, perGet: 0.0000004 },
    models: {
        "anthropic.claude-3-5-sonnet-20241022-v2:0": { inputPerMillion: 3, outputPerMillion: 15 },
        "anthropic.claude-3-5-haiku-20241022-v1:0": { inputPerMillion: 0.8, outputPerMillion: 4 },
        default: { inputPerMillion: 3, outputPerMillion: 15 },
    },
};

/** The default table, with the keys of `file` (JSON) laid over it. */
export function loadPrices(file?: string): PriceTable {
    if (!file) return DEFAULT_PRICES;
    const override = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    const merged: Record<string, unknown> = { ...DEFAULT_PRICES };
    for (const [k, v] of Object.entries(override)) {
        const base = (DEFAULT_PRICES as Record<string, unknown>)[k];
        merged[k] = base && typeof base === "object" && v && typeof v === "object" ? { ...base, ...v } : v;
    }
    const parsed = priceTableSchema.safeParse(merged);
    if (!parsed.success) throw new Error(`--prices ${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    return parsed.data;
}

export function modelPrice(prices: PriceTable, modelId: string) {
    return prices.models[modelId] ?? prices.models.default ?? { inputPerMillion: 0, outputPerMillion: 0 };
}
