/**
 * `npm start`: the whole supervisor locally, end to end (local/run.ts). Defaults: the dev stack,
 * the parallel pattern, the example Conductor repo in examples/, the dry-run model provider.
 *
 *   npm start -- [--pattern parallel|arbiter] [--conductor <dir>] [--track <id>]
 *                [--inject fail:<agent>|timeout:<agent>|throttle:<agent>|conflict]...
 *                [--provider dry-run|recorded --recordings <file>] [--time-scale <f>]
 *                [--prices <file.json>] [--out <dir>] [--json] [--quiet]
 *
 * Exit status: 0 finished and merged; 1 finished with conflicts, rejected or failed tasks;
 * 2 the run itself failed (each with a one-line reason).
 */
import * as path from "node:path";
import { parseArgs } from "node:util";
import { type Fault, parseFault } from "../local/faults";
import { loadPrices } from "../local/prices";
import { createProgress } from "../local/progress";
import { type LocalRunReport, runLocally } from "../local/run";
import { createLocalRuntime } from "../local/runtime-binding";

const ROOT = path.join(__dirname, "..");
export const DEFAULT_CONDUCTOR = path.join(ROOT, "examples", "acme-shop", "conductor");

function table(report: LocalRunReport): string {
    const header = ["task", "agent", "status", "patch", "tokens", "duration"];
    const rows = report.tasks.map((t) => [t.task, t.agent, t.status + (t.error ? ` (${t.error})` : ""), `${t.patchBytes} B`, String(t.tokens), `${t.durationMs.toFixed(0)} ms`]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
    return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function print(report: LocalRunReport): void {
    const c = report.cost;
    console.log(`\nrun ${report.runId} (${report.repo}, track ${report.track}, ${report.pattern} pattern, ${report.workflowType} workflow)\n`);
    if (report.tasks.length > 0) console.log(`${table(report)}\n`);
    for (const d of report.diagnostics) console.log(`note: ${d}`);
    console.log(`merge: ${report.merge.applied} applied, ${report.merge.conflicts} conflicted, ${report.merge.rejected} rejected, ${report.merge.failed} failed tasks`);
    console.log(`state transitions: ${report.transitions}; wall time ${(report.elapsedMs / 1000).toFixed(2)} s`);
    console.log(
        `estimated AWS cost of this run: ${c.totalUsd.toFixed(6)} USD (Step Functions ${c.stepFunctionsUsd.toFixed(6)}, Lambda ${c.lambdaUsd.toFixed(6)}, Fargate ${c.fargateUsd.toFixed(6)}, S3 ${c.s3Usd.toFixed(6)}, model tokens ${c.modelUsd.toFixed(6)}; prices ${c.pricesReviewed}, override with --prices)`,
    );
    console.log(`output: ${report.outDir}`);
    console.log(`${report.status}: ${report.reason}`);
}

async function main(): Promise<number> {
    const { values } = parseArgs({
        options: {
            stack: { type: "string", default: "dev" },
            pattern: { type: "string", default: "parallel" },
            conductor: { type: "string", default: DEFAULT_CONDUCTOR },
            track: { type: "string" },
            inject: { type: "string", multiple: true, default: [] },
            provider: { type: "string", default: "dry-run" },
            recordings: { type: "string" },
            "time-scale": { type: "string", default: "1" },
            prices: { type: "string" },
            out: { type: "string", default: path.join(ROOT, "out") },
            json: { type: "boolean", default: false },
            quiet: { type: "boolean", default: false },
        },
    });
    if (values.pattern !== "parallel" && values.pattern !== "arbiter") throw new Error(`--pattern ${values.pattern}: use parallel or arbiter`);
    if (values.provider !== "dry-run" && values.provider !== "recorded") throw new Error(`--provider ${values.provider}: use dry-run or recorded (Bedrock needs AWS: use pulumi up)`);
    const faults: Fault[] = (values.inject ?? []).map(parseFault);
    const outRoot = path.resolve(values.out!);
    const report = await runLocally({
        programDir: ROOT,
        stack: values.stack!,
        pattern: values.pattern,
        conductorDir: path.resolve(values.conductor!),
        track: values.track,
        faults,
        outRoot,
        timeScale: Number(values["time-scale"]),
        prices: loadPrices(values.prices),
        progress: createProgress({ quiet: values.quiet || values.json }),
        runtime: createLocalRuntime({ storeRoot: path.join(outRoot, ".store"), provider: values.provider, recordingsFile: values.recordings, telemetryFile: path.join(outRoot, "telemetry.jsonl") }),
    });
    if (values.json) {
        console.log(
            JSON.stringify(
                {
                    runId: report.runId,
                    repo: report.repo,
                    track: report.track,
                    pattern: report.pattern,
                    workflowType: report.workflowType,
                    status: report.status,
                    reason: report.reason,
                    tasks: report.tasks,
                    merge: { applied: report.merge.applied, conflicts: report.merge.conflicts, rejected: report.merge.rejected, failed: report.merge.failed },
                    diagnostics: report.diagnostics,
                    transitions: report.transitions,
                    elapsedMs: Math.round(report.elapsedMs),
                    costEstimateUsd: report.costEstimateUsd,
                    cost: report.cost,
                    outDir: report.outDir,
                },
                null,
                2,
            ),
        );
    } else {
        print(report);
    }
    if (report.status === "failed") return 2;
    return report.status === "merged-with-problems" ? 1 : 0;
}

main().then(
    (code) => process.exit(code),
    (e: Error) => {
        console.error(`supervisor run failed: ${e.message}`);
        process.exit(2);
    },
);
