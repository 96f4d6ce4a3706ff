/**
 * Metrics in CloudWatch Embedded Metric Format: a JSON log line that CloudWatch turns into
 * metrics, with no API call and no extra permission on the hot path. Every metric is emitted with
 * the one dimension set the alarms query (`METRIC_DIMENSIONS`: env, repo, agent).
 */
import { METRIC_DIMENSIONS, type Metrics } from "../handler-env";

export type MetricName = (typeof Metrics)[keyof typeof Metrics];

export interface MetricDimensions {
    readonly env: string;
    readonly repo: string;
    readonly agent: string;
}

export interface MetricsSink {
    put(name: MetricName, value: number, unit?: "Count" | "Milliseconds" | "Bytes" | "None"): void;
    /** Writes the collected metrics as one EMF document and starts over. */
    flush(properties?: Record<string, unknown>): void;
}

export function createMetrics(namespace: string, dimensions: MetricDimensions, write: (line: string) => void = (l) => process.stdout.write(`${l}\n`), now: () => number = Date.now): MetricsSink {
    let values = new Map<MetricName, { value: number; unit: string }>();
    return {
        put(name, value, unit = "Count") {
            const prev = values.get(name);
            values.set(name, { value: (prev?.value ?? 0) + value, unit });
        },
        flush(properties = {}) {
            if (values.size === 0) return;
            const doc: Record<string, unknown> = {
                _aws: {
                    Timestamp: now(),
                    CloudWatchMetrics: [{ Namespace: namespace, Dimensions: [[...METRIC_DIMENSIONS]], Metrics: [...values].map(([Name, v]) => ({ Name, Unit: v.unit })) }],
                },
                ...properties,
                env: dimensions.env,
                repo: dimensions.repo,
                agent: dimensions.agent,
            };
            for (const [name, v] of values) doc[name] = v.value;
            write(JSON.stringify(doc));
            values = new Map();
        },
    };
}
