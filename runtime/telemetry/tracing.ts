/**
 * Spans around model calls, validation and S3 operations, through the OpenTelemetry API only.
 * On Lambda, the ADOT layer registers the SDK with X-Ray ids and propagation (the functions run
 * with active tracing); in the Fargate container, tracing-setup.ts starts @opentelemetry/sdk-node
 * with the X-Ray id generator and propagator. Without either (tests, the local run), the API is a
 * no-op and costs nothing.
 */
import { context, propagation, type Span, SpanStatusCode, trace } from "@opentelemetry/api";

const tracer = () => trace.getTracer("subagent-supervisor");

export async function inSpan<T>(name: string, attributes: Record<string, string | number>, fn: (span: Span) => Promise<T>): Promise<T> {
    return tracer().startActiveSpan(name, { attributes }, async (span) => {
        try {
            return await fn(span);
        } catch (e) {
            span.recordException(e as Error);
            span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error).name });
            throw e;
        } finally {
            span.end();
        }
    });
}

/** Continues the trace Lambda started (`_X_AMZN_TRACE_ID`), so spans join the execution's trace. */
export function withIncomingTrace<T>(fn: () => Promise<T>, env: NodeJS.ProcessEnv = process.env): Promise<T> {
    const header = env._X_AMZN_TRACE_ID;
    if (!header) return fn();
    const ctx = propagation.extract(context.active(), { "x-amzn-trace-id": header });
    return context.with(ctx, fn);
}
