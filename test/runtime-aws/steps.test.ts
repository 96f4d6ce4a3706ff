/**
 * The handler cores with their edges: a filesystem store with S3 semantics, recorded model
 * answers, and recorded AWS clients (aws-sdk-client-mock) for Step Functions.
 */
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ListExecutionsCommand, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { mockClient } from "aws-sdk-client-mock";
import { createTwoFilesPatch } from "diff";
import type { TaskRef } from "../../runtime/contracts";
import { parseEnv } from "../../runtime/env";
import { contextPrefix, deriveRunId, patchKey } from "../../runtime/layout";
import { RecordedResponseProvider } from "../../runtime/models/recorded";
import { createArbiterStep } from "../../runtime/steps/arbiter";
import { createDispatcher } from "../../runtime/steps/dispatcher";
import { createMergeStep } from "../../runtime/steps/merge";
import { createSubagent } from "../../runtime/steps/subagent";
import { FsStore } from "../../runtime/store/fs-store";
import { PreconditionFailedError } from "../../runtime/store/store";
import { silentLogger } from "../../runtime/telemetry/logger";
import { createMetrics } from "../../runtime/telemetry/metrics";

const RUN = deriveRunId("web", "t1", "v1");
const PLAN = "# Plan\n## Phase 1: A\n- [ ] Task: one\n- [ ] Task: two\n";
const PLAN_PATH = "conductor/tracks/t1/plan.md";
const task = (n: number): TaskRef => ({ taskId: `p1-t${n}`, phase: 1, phaseTitle: "A", title: n === 1 ? "one" : "two", agent: "coder", line: 2 + n, subtasks: [] });
const diff = (before: string, after: string) => createTwoFilesPatch(`a/${PLAN_PATH}`, `b/${PLAN_PATH}`, before, after);
const baseEnv = { ARTIFACT_BUCKET: "bucket", SUPERVISOR_ENV: "dev", METRICS_NAMESPACE: "SubagentSupervisor", SUPERVISOR_REPO: "web" };

describe("handler cores", () => {
    let dir: string;
    let store: FsStore;
    let emitted: string[];
    const metrics = () => createMetrics("SubagentSupervisor", { env: "dev", repo: "web", agent: "coder" }, (l) => emitted.push(l));
    beforeEach(async () => {
        dir = mkdtempSync(path.join(tmpdir(), "supervisor-steps-"));
        store = new FsStore(dir);
        emitted = [];
        await store.put(`${contextPrefix(RUN)}${PLAN_PATH}`, PLAN);
        await store.put(`repos/web/${PLAN_PATH}`, PLAN);
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    describe("filesystem store", () => {
        it("refuses a write whose If-Match no longer holds, and one whose If-None-Match fails", async () => {
            const current = (await store.get(`repos/web/${PLAN_PATH}`))!;
            await store.put(`repos/web/${PLAN_PATH}`, "changed\n", { ifMatch: current.etag });
            await assert.rejects(store.put(`repos/web/${PLAN_PATH}`, "again\n", { ifMatch: current.etag }), PreconditionFailedError);
            await assert.rejects(store.put(`repos/web/${PLAN_PATH}`, "x", { ifNoneMatch: "*" }), PreconditionFailedError);
            assert.equal(await store.get("missing"), undefined);
        });
    });

    describe("subagent", () => {
        const env = parseEnv("subagent", { ...baseEnv, SUPERVISOR_AGENT: "coder", MODEL_ID: "m", MODEL_PROVIDER: "recorded", ALLOWED_PATHS: '["conductor/**"]', MAX_ITERATIONS: "3", MAX_TOKENS_PER_TASK: "10000", SECRET_ARN: "arn:s" });
        const input = { runId: RUN, repo: "web", track: "t1", task: task(1), agent: "coder" };

        it("writes one validated patch and returns a pointer with token usage, never the contents", async () => {
            const answer = `\`\`\`diff\n${diff(PLAN, PLAN.replace("[ ] Task: one", "[x] Task: one"))}\`\`\``;
            const run = createSubagent({ store, env, provider: new RecordedResponseProvider({ "coder/p1-t1": { text: answer, usage: { input: 100, output: 20 } } }), logger: silentLogger, metrics: metrics() });
            const pointer = await run(input);
            assert.equal(pointer.key, patchKey(RUN, "p1-t1", "coder"));
            assert.deepEqual(pointer.tokens, { input: 100, output: 20 });
            assert.equal(Object.keys(pointer).includes("text"), false);
            assert.ok((await store.get(pointer.key))!.body.includes("+- [x] Task: one"));
            const emf = JSON.parse(emitted[0]);
            assert.deepEqual(emf._aws.CloudWatchMetrics[0].Dimensions, [["env", "repo", "agent"]]);
            assert.equal(emf.InputTokens, 100);
        });

        it("stops with LoopDetectedError when the model repeats a rejected patch", async () => {
            const outside = `\`\`\`diff\n${createTwoFilesPatch("a/src/x.ts", "b/src/x.ts", "a\n", "b\n")}\`\`\``;
            const run = createSubagent({ store, env, provider: new RecordedResponseProvider({ coder: outside }), logger: silentLogger, metrics: metrics() });
            await assert.rejects(run(input), (e: Error) => e.name === "LoopDetectedError" && /the same rejected patch again/.test(e.message));
            assert.ok(emitted.some((l) => JSON.parse(l).LoopsDetected === 1));
        });

        it("stops with LoopDetectedError over the token cap", async () => {
            const run = createSubagent({ store, env, provider: new RecordedResponseProvider({ coder: { text: "no diff", usage: { input: 9000, output: 2000 } } }), logger: silentLogger, metrics: metrics() });
            await assert.rejects(run(input), (e: Error) => e.name === "LoopDetectedError" && /over the agent's cap of 10000/.test(e.message));
        });
    });

    describe("merge step", () => {
        const env = parseEnv("merge", { ...baseEnv, SUPERVISOR_AGENT: "merge", AGENT_ALLOWED_PATHS: '{"coder":["conductor/**"]}' });
        async function patches(): Promise<any[]> {
            const results = [];
            for (const n of [1, 2]) {
                const text = diff(PLAN, PLAN.replace(`[ ] Task: ${n === 1 ? "one" : "two"}`, `[x] Task: ${n === 1 ? "one" : "two"}`));
                const key = patchKey(RUN, `p1-t${n}`, "coder");
                await store.put(key, text);
                results.push({ status: "ok", runId: RUN, taskId: `p1-t${n}`, agent: "coder", key, sha256: "0".repeat(64), bytes: text.length, files: [PLAN_PATH], linesAdded: 1, linesRemoved: 1, tokens: { input: 1, output: 1 }, durationMs: 1 });
            }
            return results;
        }

        it("merges neighbouring edits, writes back and reports every task, failures included", async () => {
            const results = [...(await patches()), { status: "failed", taskId: "p1-t3", agent: "coder", error: "States.Timeout", cause: "" }];
            const summary = await createMergeStep({ store, env, logger: silentLogger, metrics: metrics() })({ runId: RUN, repo: "web", track: "t1", results });
            assert.deepEqual({ ...summary, reportKey: undefined }, { runId: RUN, status: "partial", applied: 2, conflicts: 0, rejected: 0, failed: 1, reportKey: undefined });
            assert.equal((await store.get(`repos/web/${PLAN_PATH}`))!.body, PLAN.replace(/\[ \]/g, "[x]"));
            const report = JSON.parse((await store.get(summary.reportKey))!.body);
            assert.equal(report.failed[0].error, "States.Timeout");
        });

        it("merges with a concurrent upload instead of overwriting it", async () => {
            const results = await patches();
            await store.put(`repos/web/${PLAN_PATH}`, `${PLAN}- [ ] Task: three (pushed meanwhile)\n`);
            await createMergeStep({ store, env, logger: silentLogger, metrics: metrics() })({ runId: RUN, repo: "web", track: "t1", results });
            const body = (await store.get(`repos/web/${PLAN_PATH}`))!.body;
            assert.ok(body.includes("[x] Task: one") && body.includes("[x] Task: two") && body.includes("three (pushed meanwhile)"), body);
        });

        it("keeps its result aside when the concurrent change conflicts, and reports it", async () => {
            const results = await patches();
            await store.put(`repos/web/${PLAN_PATH}`, PLAN.replace("[ ] Task: one", "[~] Task: one (someone else)"));
            const summary = await createMergeStep({ store, env, logger: silentLogger, metrics: metrics() })({ runId: RUN, repo: "web", track: "t1", results });
            const report = JSON.parse((await store.get(summary.reportKey))!.body);
            assert.equal(report.writeBack[0].outcome, "kept-unmerged");
            assert.ok((await store.get(`repos/web/${PLAN_PATH}`))!.body.includes("someone else"), "the concurrent change is not overwritten");
            assert.ok((await store.get(report.writeBack[0].key))!.body.includes("[x] Task: one"), "the run's result is kept");
        });
    });

    describe("arbiter", () => {
        const env = parseEnv("arbiter", { ...baseEnv, SUPERVISOR_AGENT: "arbiter", MODEL_ID: "m", MODEL_PROVIDER: "recorded", AGENT_ALLOWED_PATHS: '{"a":["conductor/**"],"b":["conductor/**"]}' });
        async function candidates() {
            const small = diff(PLAN, PLAN.replace("[ ] Task: one", "[x] Task: one"));
            const big = diff(PLAN, PLAN.replace("[ ] Task: one", "[x] Task: one").replace("[ ] Task: two", "[x] Task: two"));
            const out = [];
            for (const [agent, text, lines] of [["a", big, 4], ["b", small, 2]] as const) {
                const key = patchKey(RUN, "p1-t1", agent);
                await store.put(key, text);
                out.push({ status: "ok" as const, runId: RUN, taskId: "p1-t1", agent, key, sha256: "0".repeat(64), bytes: text.length, files: [PLAN_PATH], linesAdded: lines / 2, linesRemoved: lines / 2, tokens: { input: 1, output: 1 }, durationMs: 1 });
            }
            return out;
        }
        it("takes the judge's choice when it names a usable candidate", async () => {
            const step = createArbiterStep({ store, env, provider: new RecordedResponseProvider({ arbiter: '{"choice": "a", "reason": "more complete"}' }), logger: silentLogger });
            assert.equal(((await step({ runId: RUN, repo: "web", task: task(1), candidates: await candidates() })) as { agent: string }).agent, "a");
        });
        it("falls back to the smallest valid change when the judge answers garbage", async () => {
            const step = createArbiterStep({ store, env, provider: new RecordedResponseProvider({ arbiter: "I like both" }), logger: silentLogger });
            assert.equal(((await step({ runId: RUN, repo: "web", task: task(1), candidates: await candidates() })) as { agent: string }).agent, "b");
            const record = JSON.parse((await store.get(`runs/${RUN}/arbiter/p1-t1.json`))!.body);
            assert.match(record.choice.reason, /the judge's answer named no usable candidate; smallest valid change/);
        });
    });

    describe("dispatcher", () => {
        const env = parseEnv("dispatcher", { ARTIFACT_BUCKET: "bucket", SUPERVISOR_ENV: "dev", METRICS_NAMESPACE: "SubagentSupervisor", STATE_MACHINE_ARNS: '{"web":"arn:aws:states:us-east-1:1:stateMachine:sm"}', MAX_RUNNING_EXECUTIONS: '{"web":1}' });
        const record = (id: string, key: string, version = "v1") => ({ messageId: id, body: JSON.stringify({ "detail-type": "Object Created", detail: { bucket: { name: "bucket" }, object: { key, "version-id": version } } }) });
        const sfn = mockClient(SFNClient);
        afterEach(() => sfn.reset());

        it("starts one execution per plan version, named by the run id, and counts a duplicate as done", async () => {
            sfn.on(ListExecutionsCommand).resolves({ executions: [] });
            sfn.on(StartExecutionCommand).resolvesOnce({ executionArn: "x", startDate: new Date() }).rejects(Object.assign(new Error("exists"), { name: "ExecutionAlreadyExists" }));
            const roomy = { ...env, MAX_RUNNING_EXECUTIONS: { web: 5 } };
            const dispatch = createDispatcher({ sfn: new SFNClient({}), env: roomy, logger: silentLogger, metrics: metrics() });
            const out = await dispatch({ Records: [record("1", "repos/web/conductor/tracks/t1/plan.md"), record("2", "repos/web/conductor/tracks/t1/plan.md")] } as never);
            assert.deepEqual(out.batchItemFailures, []);
            assert.equal(sfn.commandCalls(StartExecutionCommand).length, 2);
            const start = sfn.commandCalls(StartExecutionCommand)[0].args[0].input;
            assert.equal(start.name, deriveRunId("web", "t1", "v1"));
        });

        it("hands records back when the repo runs its maximum (backpressure), and drops malformed ones", async () => {
            sfn.on(ListExecutionsCommand).resolves({ executions: [{ executionArn: "a", stateMachineArn: "sm", name: "n", status: "RUNNING", startDate: new Date() }] });
            const dispatch = createDispatcher({ sfn: new SFNClient({}), env, logger: silentLogger, metrics: metrics() });
            const out = await dispatch({ Records: [record("1", "repos/web/conductor/tracks/t1/plan.md"), { messageId: "2", body: "not json" }, record("3", "repos/other/conductor/tracks/t/plan.md")] } as never);
            assert.deepEqual(out.batchItemFailures, [{ itemIdentifier: "1" }]);
            assert.equal(sfn.commandCalls(StartExecutionCommand).length, 0);
            assert.ok(emitted.some((l) => JSON.parse(l).MalformedEvents === 2));
        });
    });
});
