/**
 * Builds a handler's dependencies from its validated environment: the S3 store, the model
 * provider, logger and metrics. The Lambda entries call these at module load (cold start); the
 * local run builds the same cores with a filesystem store instead.
 */
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { S3Client } from "@aws-sdk/client-s3";
import { HandlerEnv } from "./handler-env";
import { BedrockConverseProvider } from "./models/bedrock";
import { DryRunProvider } from "./models/dry-run";
import type { ModelProvider } from "./models/provider";
import { RecordedResponseProvider } from "./models/recorded";
import { S3Store } from "./store/s3-store";
import type { ArtifactStore } from "./store/store";
import { TracedStore } from "./store/traced-store";
import { createLogger } from "./telemetry/logger";
import { createMetrics } from "./telemetry/metrics";

/** The artifact bucket, with a span per S3 operation. */
export function s3Store(bucket: string): ArtifactStore {
    return new TracedStore(new S3Store(new S3Client({}), bucket));
}

/** `bedrock` on AWS; `recorded` (RECORDINGS_FILE) and `dry-run` exist for tests and local runs. */
export function modelProvider(kind: "bedrock" | "recorded" | "dry-run", modelId: string, env: NodeJS.ProcessEnv = process.env): ModelProvider {
    if (kind === "recorded") {
        if (!env.RECORDINGS_FILE) throw new Error("MODEL_PROVIDER=recorded needs RECORDINGS_FILE");
        return RecordedResponseProvider.fromFile(env.RECORDINGS_FILE);
    }
    if (kind === "dry-run") return new DryRunProvider();
    return new BedrockConverseProvider(new BedrockRuntimeClient({}), modelId);
}

export function telemetryFor(env: Record<string, string>, agent: string) {
    const dims = { env: env[HandlerEnv.EnvName], repo: env[HandlerEnv.Repo] ?? "shared", agent };
    return { logger: createLogger({ repo: dims.repo, agent }), metrics: createMetrics(env[HandlerEnv.MetricsNamespace], dims) };
}
