/** One span per model call, validation and S3 operation, recorded by a real OpenTelemetry SDK. */
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { trace } from "@opentelemetry/api";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { createTwoFilesPatch } from "diff";
import { parseEnv } from "../../runtime/env";
import { contextPrefix, deriveRunId } from "../../runtime/layout";
import { RecordedResponseProvider } from "../../runtime/models/recorded";
import { createSubagent } from "../../runtime/steps/subagent";
import { FsStore } from "../../runtime/store/fs-store";
import { TracedStore } from "../../runtime/store/traced-store";
import { silentLogger } from "../../runtime/telemetry/logger";
import { createMetrics } from "../../runtime/telemetry/metrics";

describe("tracing", () => {
    it("records spans for the model call, the validation and every S3 operation of a subagent", async () => {
        const exporter = new InMemorySpanExporter();
        const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
        trace.setGlobalTracerProvider(provider);
        const dir = mkdtempSync(path.join(tmpdir(), "supervisor-trace-"));
        try {
            const run = deriveRunId("web", "t1", "v1");
            const plan = "# Plan\n## Phase 1: A\n- [ ] Task: one\n";
            const fs = new FsStore(dir);
            await fs.put(`${contextPrefix(run)}conductor/tracks/t1/plan.md`, plan);
            const answer = `\`\`\`diff\n${createTwoFilesPatch("a/conductor/tracks/t1/plan.md", "b/conductor/tracks/t1/plan.md", plan, plan.replace("[ ]", "[x]"))}\`\`\``;
            const env = parseEnv("subagent", { ARTIFACT_BUCKET: "bucket", SUPERVISOR_ENV: "dev", METRICS_NAMESPACE: "N", SUPERVISOR_REPO: "web", SUPERVISOR_AGENT: "coder", MODEL_ID: "m", ALLOWED_PATHS: '["conductor/**"]', MAX_ITERATIONS: "2", MAX_TOKENS_PER_TASK: "9999", SECRET_ARN: "arn:s" });
            const subagent = createSubagent({ store: new TracedStore(fs), env, provider: new RecordedResponseProvider({ coder: answer }), logger: silentLogger, metrics: createMetrics("N", { env: "dev", repo: "web", agent: "coder" }, () => undefined) });
            await subagent({ runId: run, repo: "web", track: "t1", agent: "coder", task: { taskId: "p1-t1", phase: 1, phaseTitle: "A", title: "one", agent: "coder", line: 3, subtasks: [] } });
            const names = exporter.getFinishedSpans().map((s) => s.name);
            for (const n of ["model.complete", "patch.validate", "s3.list", "s3.get", "s3.put"]) assert.ok(names.includes(n), `${n} in ${names.join(", ")}`);
        } finally {
            trace.disable();
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
