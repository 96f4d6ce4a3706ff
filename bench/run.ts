/**
 * `npm run bench` (`-- --quick` for a short version): how fast the gate, the handlers, the merge
 * and the orchestration are, each against a reference measured in the same run. Every figure is a
 * median over repeated runs; comparisons are ratios, never absolute thresholds. Prints a table and
 * writes bench/results.json (docs/benchmarks.md quotes it).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { buildSync } from "esbuild";
import { createTwoFilesPatch } from "diff";
import { stringify } from "yaml";
import { runGate } from "../cli/gate";
import { PolicyPackServer } from "../harness/analyzer-client";
import { runProgram } from "../harness/run-program";
import { bundleOptions } from "../lib/bundle";
import { DEFAULT_PRICES } from "../local/prices";
import { createProgress } from "../local/progress";
import { runLocally } from "../local/run";
import { createLocalRuntime } from "../local/runtime-binding";
import { HANDLER_ENTRIES } from "../runtime/handler-env";
import { mergePatches, sequentialApply } from "../runtime/merge";
import { copyProgram } from "../test/helpers/program-copy";

const ROOT = path.join(__dirname, "..");
const { values } = parseArgs({ options: { quick: { type: "boolean", default: false } } });
const QUICK = values.quick!;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const rows: [string, string, string][] = [];
const results: Record<string, unknown> = {};
const log = (s: string) => process.stderr.write(`${s}\n`);

/** A stack config with `n` repos of two Lambda agents each, for the scaling figures. */
function stackWithRepos(n: number): string {
    const base = readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8");
    const cfg = require("yaml").parse(base).config;
    cfg["supervisor:repos"] = Array.from({ length: n }, (_, i) => ({
        name: `repo-${i}`,
        pattern: "parallel",
        mapMaxConcurrency: 4,
        maxRunningExecutions: 2,
        monthlyBudgetUsd: 100,
        agents: ["coder", "tester"].map((a) => ({ name: a, kind: "lambda", modelId: "anthropic.claude-3-5-haiku-20241022-v1:0", timeoutSeconds: 300, memoryMb: 1024, reservedConcurrency: 4, monthlyBudgetUsd: 40, allowedPaths: ["conductor/**", "src/**"] })),
    }));
    return stringify({ config: cfg });
}

async function benchGate(): Promise<void> {
    log("gate: dev stack, program and policy evaluation...");
    const server = await PolicyPackServer.start(path.join(ROOT, "policypack"));
    try {
        const reps = QUICK ? 1 : 3;
        const program: number[] = [];
        const policy: number[] = [];
        for (let i = 0; i < reps; i++) {
            const r = await runGate({ programDir: ROOT, stack: "dev", known: false, packDir: path.join(ROOT, "policypack") }, undefined, server);
            program.push(r.timings.programMs);
            policy.push(r.timings.policyMs);
        }
        const p = median(program);
        const q = median(policy);
        rows.push(["gate dev: program (mock run)", `${round(p / 1000, 2)} s`, "median"]);
        rows.push(["gate dev: policy evaluation", `${round(q / 1000, 2)} s`, `${round(q / p, 2)}x the program (target <= 1)`]);
        rows.push(["gate dev: total", `${round((p + q) / 1000, 2)} s`, "target < 5 s"]);
        results.gate = { programMs: p, policyMs: q, totalMs: p + q, policyOverProgram: q / p };

        const sizes = QUICK ? [1, 5, 10] : [1, 5, 50];
        const scaling: { repos: number; resources: number; totalMs: number; resourcesPerSecond: number }[] = [];
        for (const n of sizes) {
            log(`gate: ${n} repos...`);
            const copy = copyProgram();
            try {
                copy.write(`Pulumi.bench-${n}.yaml`, stackWithRepos(n));
                const run = await runProgram({ programDir: copy.dir, stack: `bench-${n}`, known: false });
                const r = await runGate({ programDir: copy.dir, stack: `bench-${n}`, known: false, packDir: path.join(ROOT, "policypack") }, run, server);
                const total = r.timings.programMs + r.timings.policyMs;
                scaling.push({ repos: n, resources: r.resources.length, totalMs: total, resourcesPerSecond: r.resources.length / (total / 1000) });
                rows.push([`gate ${n} repo(s)`, `${round(total / 1000, 2)} s`, `${r.resources.length} resources, ${round(r.resources.length / (total / 1000), 0)} resources/s`]);
            } finally {
                copy.dispose();
            }
        }
        const [, five, last] = scaling;
        rows.push([`gate growth ${last.repos} vs 5 repos`, `${round(last.totalMs / five.totalMs, 2)}x`, `for ${round(last.repos / 5, 0)}x the repos (target: linear, <= 10x for 50 vs 5)`]);
        results.gateScaling = scaling;
    } finally {
        server.stop();
    }
}

function benchHandlers(): void {
    log("handlers: bundle sizes and cold module-load times...");
    const dir = mkdtempSync(path.join(tmpdir(), "supervisor-bundles-"));
    const env = { ARTIFACT_BUCKET: "artifacts", SUPERVISOR_ENV: "dev", METRICS_NAMESPACE: "N", SUPERVISOR_REPO: "web", SUPERVISOR_AGENT: "coder", MODEL_ID: "m", MODEL_PROVIDER: "bedrock", ALLOWED_PATHS: '["a/**"]', MAX_ITERATIONS: "3", MAX_TOKENS_PER_TASK: "1000", SECRET_ARN: "arn:s", AGENT_ALLOWED_PATHS: '{"coder":["a/**"]}', AGENT_ROUTES: '{"coder":[]}', DEFAULT_AGENT: "coder", SUBNET_IDS: "[]", SECURITY_GROUP_IDS: "[]", STATE_MACHINE_ARNS: '{"web":"arn"}', MAX_RUNNING_EXECUTIONS: '{"web":1}', AWS_REGION: "us-east-1" };
    const loadMs = (file: string) => {
        const code = `const t=performance.now();require(${JSON.stringify(file)});process.stdout.write(String(performance.now()-t))`;
        const out = spawnSync(process.execPath, ["-e", code], { env: { ...process.env, ...env }, encoding: "utf8" });
        if (out.status !== 0) throw new Error(`loading ${file} failed: ${out.stderr.slice(-600)}`);
        return Number(out.stdout);
    };
    const reps = QUICK ? 5 : 15;
    const reference = median(Array.from({ length: reps }, () => loadMs(require.resolve("@aws-sdk/client-s3"))));
    rows.push(["reference: require @aws-sdk/client-s3", `${round(reference)} ms`, `median of ${reps} fresh processes`]);
    const handlers: Record<string, { bytes: number; loadMs: number; ratio: number }> = {};
    for (const entry of [...HANDLER_ENTRIES, "fargate/main"]) {
        const out = buildSync({ ...bundleOptions(path.join(ROOT, "handlers", `${entry}.ts`)), write: false });
        const file = path.join(dir, `${entry.replace("/", "-")}.js`);
        writeFileSync(file, out.outputFiles![0].text);
        const bytes = out.outputFiles![0].contents.byteLength;
        // The Fargate entry runs main() on load; time only what Lambda would: module load.
        const ms = entry === "fargate/main" ? Number.NaN : median(Array.from({ length: reps }, () => loadMs(file)));
        handlers[entry] = { bytes, loadMs: ms, ratio: ms / reference };
        rows.push([`handler ${entry}`, `${round(bytes / 1024)} KiB`, Number.isNaN(ms) ? "(container entry, not timed)" : `load ${round(ms)} ms = ${round(ms / reference, 2)}x client-s3 (targets < 1 MiB, <= 2x)`]);
    }
    results.handlers = { referenceMs: reference, handlers };
    rmSync(dir, { recursive: true, force: true });
}

function benchMerge(): void {
    log("merge: 100 agent patches against git apply...");
    const files = 20;
    const linesPerFile = 200;
    const base = new Map<string, string>();
    for (let f = 0; f < files; f++) base.set(`src/f${f}.txt`, Array.from({ length: linesPerFile }, (_, i) => `line ${i} of file ${f}`).join("\n") + "\n");
    // 100 patches, 5 per file, each changing two neighbouring lines of its own: disjoint, often adjacent to another patch's.
    const candidates = Array.from({ length: 100 }, (_, k) => {
        const file = `src/f${k % files}.txt`;
        const slot = Math.floor(k / files);
        const before = base.get(file)!;
        const lines = before.split("\n");
        const at = 10 + slot * 2;
        lines[at] = `${lines[at]} edited by agent ${k}`;
        lines[at + 1] = `${lines[at + 1]} edited by agent ${k}`;
        return { taskId: `p1-t${k + 1}`, agent: "coder", text: createTwoFilesPatch(`a/${file}`, `b/${file}`, before, lines.join("\n")), allowedPaths: ["src/**"] };
    });
    const reps = QUICK ? 3 : 7;
    const oursMs = median(Array.from({ length: reps }, () => {
        const t = performance.now();
        mergePatches(base, candidates);
        return performance.now() - t;
    }));
    const merged = mergePatches(base, candidates);
    const strict = sequentialApply(base, candidates);

    const dir = mkdtempSync(path.join(tmpdir(), "supervisor-gitapply-"));
    const patchFiles = candidates.map((c, i) => {
        const p = path.join(dir, "patches", `${i}.patch`);
        mkdirSync(path.dirname(p), { recursive: true });
        writeFileSync(p, c.text);
        return p;
    });
    const gitRun = () => {
        const tree = path.join(dir, "tree");
        rmSync(tree, { recursive: true, force: true });
        for (const [f, text] of base) {
            mkdirSync(path.dirname(path.join(tree, f)), { recursive: true });
            writeFileSync(path.join(tree, f), text);
        }
        execFileSync("git", ["init", "-q"], { cwd: tree });
        const t = performance.now();
        let landed = 0;
        for (const p of patchFiles) {
            const r = spawnSync("git", ["apply", p], { cwd: tree });
            if (r.status === 0) landed++;
        }
        return { ms: performance.now() - t, landed };
    };
    const gitRuns = Array.from({ length: reps }, gitRun);
    const gitMs = median(gitRuns.map((g) => g.ms));
    rmSync(dir, { recursive: true, force: true });
    rows.push(["merge 100 patches (three-way)", `${round(oursMs)} ms`, `${merged.report.applied.length} landed`]);
    rows.push(["reference: git apply, one by one", `${round(gitMs)} ms`, `${gitRuns[0].landed} landed; ratio ${round(oursMs / gitMs, 3)}x (target <= 1.0)`]);
    rows.push(["strict sequential apply (jsdiff)", "-", `${strict.applied} landed; the three-way merge lands ${merged.report.applied.length - strict.applied} more`]);
    results.merge = { patches: 100, mergeMs: oursMs, gitApplyMs: gitMs, ratio: oursMs / gitMs, mergedLanded: merged.report.applied.length, gitLanded: gitRuns[0].landed, strictLanded: strict.applied };
}

/** A Conductor folder with one phase of `n` pending tasks. */
function conductorWithTasks(n: number): string {
    const dir = mkdtempSync(path.join(tmpdir(), "supervisor-orch-"));
    const c = path.join(dir, "conductor");
    cpSync(path.join(ROOT, "examples", "acme-shop", "conductor"), c, { recursive: true });
    const tasks = Array.from({ length: n }, (_, i) => `- [ ] Task: Generated task number ${i + 1}`).join("\n");
    writeFileSync(path.join(c, "tracks", "checkout-flow_20261101", "plan.md"), `# Plan\n\n## Phase 1: Generated\n\n${tasks}\n`);
    return c;
}

async function benchOrchestration(): Promise<void> {
    log("orchestration: local runs through the real definition...");
    const program = await runProgram({ programDir: ROOT, stack: "dev", known: true });
    const sizes = [1, 10, 50];
    const runs: { tasks: number; transitions: number; wallMs: number; handlerMs: number; overheadPerTaskMs: number; orchestrationUsd: number; modelUsd: number }[] = [];
    for (const n of sizes) {
        const conductor = conductorWithTasks(n);
        const out = mkdtempSync(path.join(tmpdir(), "supervisor-orch-out-"));
        const reps = QUICK ? 1 : 3;
        const samples = [];
        for (let i = 0; i < reps; i++) {
            const r = await runLocally({
                programDir: ROOT,
                stack: "dev",
                program,
                pattern: "parallel",
                conductorDir: conductor,
                faults: [],
                outRoot: out,
                timeScale: 1,
                prices: DEFAULT_PRICES,
                progress: createProgress({ quiet: true }),
                runtime: createLocalRuntime({ storeRoot: path.join(out, ".store"), provider: "dry-run" }),
            });
            const handlerMs = r.tasks.reduce((s, t) => s + t.durationMs, 0);
            samples.push({ r, handlerMs });
        }
        const wall = median(samples.map((s) => s.r.elapsedMs));
        const handlerMs = median(samples.map((s) => s.handlerMs));
        const r = samples[0].r;
        // Per task: the marginal wall time over the 1-task run (the fixed start-up is not spread over
        // the tasks). An upper bound on the orchestration's own overhead: it includes the dry-run
        // handlers, which run MaxConcurrency at a time.
        const first = runs[0];
        const overhead = first ? (wall - first.wallMs) / (n - first.tasks) : Number.NaN;
        runs.push({ tasks: n, transitions: r.transitions, wallMs: wall, handlerMs, overheadPerTaskMs: overhead, orchestrationUsd: r.cost.orchestrationUsd, modelUsd: r.cost.modelUsd });
        rows.push([`orchestration ${n} task(s)`, `${r.transitions} transitions`, `wall ${round(wall)} ms${Number.isNaN(overhead) ? " (fixed start-up)" : `, ${round(overhead, 2)} ms per extra task (target < 10)`}; orchestration ${round((r.cost.orchestrationUsd / r.cost.modelUsd) * 100, 2)} % of model cost`]);
        rmSync(path.dirname(conductor), { recursive: true, force: true });
        rmSync(out, { recursive: true, force: true });
    }
    const formula = runs.map((x) => `${x.tasks}: ${x.transitions}`).join(", ");
    rows.push(["transitions formula", "5 + 2 x tasks", `measured ${formula} (parallel pattern, no retries)`]);
    results.orchestration = runs;
}

async function main(): Promise<void> {
    const started = Date.now();
    await benchGate();
    benchHandlers();
    benchMerge();
    await benchOrchestration();
    const machine = { cpus: cpus().length, model: cpus()[0]?.model, memoryGiB: round(totalmem() / 2 ** 30, 0), node: process.version, date: new Date().toISOString(), quick: QUICK };
    writeFileSync(path.join(__dirname, "results.json"), `${JSON.stringify({ machine, results }, null, 2)}\n`);
    const w = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length))];
    console.log(rows.map(([a, b, c]) => `${a.padEnd(w[0])}  ${b.padStart(w[1])}  ${c}`).join("\n"));
    console.log(`\n${machine.cpus} x ${machine.model}, ${machine.memoryGiB} GiB, Node ${machine.node}; ${QUICK ? "quick" : "full"} run in ${round((Date.now() - started) / 1000, 0)} s; bench/results.json written`);
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
