/**
 * Starts the OpenTelemetry Node SDK with AWS X-Ray trace ids and propagation, for the Fargate
 * container (Lambda gets the same from the ADOT layer). Exports over OTLP when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set (the X-Ray OTLP endpoint or a collector sidecar), and does
 * nothing otherwise.
 */
import { AWSXRayIdGenerator } from "@opentelemetry/id-generator-aws-xray";
import { AWSXRayPropagator } from "@opentelemetry/propagator-aws-xray";
import { NodeSDK } from "@opentelemetry/sdk-node";

export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): { shutdown(): Promise<void> } {
    if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return { shutdown: async () => undefined };
    const sdk = new NodeSDK({ serviceName, idGenerator: new AWSXRayIdGenerator(), textMapPropagator: new AWSXRayPropagator() });
    sdk.start();
    return { shutdown: () => sdk.shutdown() };
}
