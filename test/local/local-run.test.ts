/**
 * End to end: the program's own state machine definition, executed by a real ASL interpreter,
 * each Task state bound to the real handler cores, over the example Conductor repo.
 */
import { strict as assert } from "node:assert";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { type ProgramRun, runProgram } from "../../harness/run-program";
import { parseFault } from "../../local/faults";
import { DEFAULT_PRICES } from "../../local/prices";
import { createProgress } from "../../local/progress";
import { type LocalRunReport, runLocally } from "../../local/run";
import { createLocalRuntime } from "../../local/runtime-binding";
import { parsePlan } from "../../runtime/conductor";
import { PROJECT_ROOT } from "../helpers/program-copy";

const EXAMPLE = path.join(PROJECT_ROOT, "examples", "acme-shop", "conductor");
const TRACK = "checkout-flow_20261101";
const DISPATCHABLE = ["p2-t3", "p2-t4", "p2-t5", "p2-t6"];

describe("local run (npm start)", function () {
    this.timeout(300_000);
    let program: ProgramRun;
    let work: string;

    before(async () => {
        program = await runProgram({ programDir: PROJECT_ROOT, stack: "dev", known: true });
        work = mkdtempSync(path.join(tmpdir(), "supervisor-local-"));
    });
    after(() => rmSync(work, { recursive: true, force: true }));

    function run(opts: { pattern?: "parallel" | "arbiter"; inject?: string[]; conductor?: string; out?: string }): Promise<LocalRunReport> {
        const out = opts.out ?? path.join(work, `out-${Math.random().toString(36).slice(2)}`);
        return runLocally({
            programDir: PROJECT_ROOT,
            stack: "dev",
            program,
            pattern: opts.pattern ?? "parallel",
            conductorDir: opts.conductor ?? EXAMPLE,
            faults: (opts.inject ?? []).map(parseFault),
            outRoot: out,
            timeScale: 0.01,
            prices: DEFAULT_PRICES,
            progress: createProgress({ quiet: true }),
            runtime: createLocalRuntime({ storeRoot: path.join(out, ".store"), provider: "dry-run" }),
        });
    }

    const mergedPlan = (r: LocalRunReport) => parsePlan(readFileSync(path.join(r.outDir, "conductor", "tracks", TRACK, "plan.md"), "utf8"));
    const doneTitles = (r: LocalRunReport) => mergedPlan(r).phases[1].tasks.filter((t) => t.status === "done").map((t) => t.title);

    for (const pattern of ["parallel", "arbiter"] as const) {
        it(`${pattern}: every dispatchable task gets exactly one merged patch, and the merged plan.md shows it`, async () => {
            const r = await run({ pattern });
            assert.equal(r.status, "merged", r.reason);
            const applied = (r.merge.report as any).applied as { taskId: string }[];
            assert.deepEqual(applied.map((a) => a.taskId).sort(), DISPATCHABLE);
            assert.deepEqual(doneTitles(r), [
                "Address picker component on the checkout page",
                "Default address preselected at checkout",
                "Order confirmation page with the order number",
                "Confirmation e-mail sent through the outbox",
                "Refactor checkout state into a reducer",
            ]);
            // The manual checkpoint and the task someone else started are left alone.
            const phase2 = mergedPlan(r).phases[1].tasks;
            assert.equal(phase2.find((t) => t.manual)!.status, "pending");
            assert.equal(phase2.find((t) => t.title.startsWith("Postal code"))!.status, "in-progress");
            assert.ok(r.transitions > 5 && r.costEstimateUsd > 0);
        });
    }

    it("a failing agent is retried per the definition, then recorded as failed while the others merge", async () => {
        const r = await run({ inject: ["fail:coder"] });
        assert.equal(r.status, "merged-with-problems");
        const failed = (r.merge.report as any).failed as { taskId: string; agent: string; error: string }[];
        assert.deepEqual(failed.map((f) => f.taskId).sort(), ["p2-t3", "p2-t4", "p2-t5"]);
        assert.ok(failed.every((f) => f.error === "Lambda.ServiceException"));
        assert.deepEqual(((r.merge.report as any).applied as { taskId: string }[]).map((a) => a.taskId), ["p2-t6"]);
        // 1 + MaxAttempts (5) invocations per task: the retries ran as the definition says.
        const clean = await run({});
        assert.ok(r.transitions >= clean.transitions + 3 * 5, `${r.transitions} transitions with retries vs ${clean.transitions}`);
    });

    it("a timeout surfaces as States.Timeout and the others still merge", async () => {
        const r = await run({ inject: ["timeout:coder"] });
        const failed = (r.merge.report as any).failed as { error: string }[];
        assert.equal(failed.length, 3);
        assert.ok(failed.every((f) => f.error === "States.Timeout"));
        assert.equal(r.merge.applied, 1);
    });

    it("throttling is retried with backoff and then succeeds", async () => {
        const r = await run({ inject: ["throttle:coder"] });
        assert.equal(r.status, "merged", r.reason);
        assert.equal(r.merge.applied, 4);
    });

    it("a conflict is reported with both versions and nothing is lost", async () => {
        const r = await run({ inject: ["conflict"] });
        assert.equal(r.status, "merged-with-problems");
        const conflicts = (r.merge.report as any).conflicts as { taskId: string; ours: string; theirs: string; oursBy: { taskId: string } }[];
        assert.equal(conflicts.length, 1);
        assert.match(conflicts[0].ours, /\[x\] Task: Default address preselected/);
        assert.match(conflicts[0].theirs, /\[~\] Task: Default address preselected.*reassigned/);
        assert.equal(r.merge.applied + r.merge.conflicts, 4, "every patch is either applied or reported");
    });

    it("the same execution input run twice yields the same merged result", async () => {
        const a = await run({});
        const b = await run({});
        assert.equal(a.runId, b.runId);
        assert.equal(readFileSync(path.join(a.outDir, "conductor", "tracks", TRACK, "plan.md"), "utf8"), readFileSync(path.join(b.outDir, "conductor", "tracks", TRACK, "plan.md"), "utf8"));
        assert.deepEqual(a.merge.report, b.merge.report);
    });

    it("a Conductor folder with nothing to dispatch ends cleanly and says so", async () => {
        const dir = path.join(work, "idle", "conductor");
        cpSync(EXAMPLE, dir, { recursive: true });
        writeFileSync(path.join(dir, "tracks", TRACK, "plan.md"), "# Plan\n\nNotes only; no tasks yet.\n");
        writeFileSync(path.join(dir, "tracks", "search-api_20261110", "plan.md"), "# Plan\n\n## Phase 1: Later\n\n- [x] Task: Done already 1a2b3c4\n");
        const r = await run({ conductor: dir });
        assert.equal(r.status, "nothing-to-dispatch");
        assert.match(r.reason, /no checkbox tasks/);
        assert.equal(r.tasks.length, 0);
    });
});
