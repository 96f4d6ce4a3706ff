/**
 * The main job on its embedded default: the whole supervisor, locally. Builds the stack under the
 * mock runtime, takes the state machine definition the program generated for the chosen repo and
 * executes it with a real Amazon States Language interpreter (aws-local-stepfunctions), each Task
 * state bound to the real handler code of the function or Fargate task it names, with the
 * function's own environment. Artifacts go through the same store interface as on AWS, backed by
 * the filesystem; the merged Conductor folder and the merge report land in `out/<runId>/`.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { StateMachine } from "aws-local-stepfunctions";
import { type ProgramRun, runProgram } from "../harness/run-program";
import { deriveRunId, mergeReportKey, planKey } from "../runtime/layout";
import type { ExecutionInput, MergeSummary, SubagentResult } from "../runtime/contracts";
import { type CostEstimate, estimateCost, type Invocation } from "./cost-estimate";
import { type Fault, withFaults } from "./faults";
import { prepareLocalDefinition } from "./local-definition";
import type { PriceTable } from "./prices";
import type { ProgressSink } from "./progress";
import { bindRepos, functionNameOf, type RepoBinding, taskFamilyOf } from "./stack-bindings";
import type { LocalRuntime } from "./runtime-adapter";

export interface LocalRunOptions {
    readonly programDir: string;
    readonly stack: string;
    readonly pattern: "parallel" | "arbiter";
    /** A `conductor/` directory. */
    readonly conductorDir: string;
    /** @default the first track not complete */
    readonly track?: string;
    readonly faults: readonly Fault[];
    readonly outRoot: string;
    /** (0, 1]: scales timeouts and retry waits, see local-definition.ts. */
    readonly timeScale: number;
    readonly prices: PriceTable;
    readonly progress: ProgressSink;
    readonly runtime: LocalRuntime;
    /** A program run to reuse (tests and benchmarks run several executions on one stack). */
    readonly program?: ProgramRun;
}

export interface TaskRow {
    readonly task: string;
    readonly title: string;
    readonly agent: string;
    readonly status: "ok" | "failed" | "conflict" | "rejected" | "not-chosen";
    readonly patchBytes: number;
    readonly tokens: number;
    readonly durationMs: number;
    readonly error?: string;
}

export interface LocalRunReport {
    readonly runId: string;
    readonly repo: string;
    readonly track: string;
    readonly pattern: "parallel" | "arbiter";
    readonly workflowType: "STANDARD" | "EXPRESS";
    readonly status: "merged" | "merged-with-problems" | "nothing-to-dispatch" | "failed";
    readonly reason: string;
    readonly tasks: TaskRow[];
    readonly merge: { applied: number; conflicts: number; rejected: number; failed: number; report?: unknown };
    readonly diagnostics: string[];
    readonly transitions: number;
    readonly elapsedMs: number;
    readonly costEstimateUsd: number;
    readonly cost: CostEstimate;
    readonly outDir: string;
}

/** Picks the repo of the stack that uses `pattern` (the dev stack has one of each). */
export function pickRepo(bindings: Map<string, RepoBinding>, pattern: "parallel" | "arbiter"): RepoBinding {
    for (const b of bindings.values()) {
        const map = b.definition.States["Run subagents"];
        const isArbiter = Boolean(map?.ItemProcessor?.States?.["Run candidates"]);
        if ((pattern === "arbiter") === isArbiter) return b;
    }
    throw new Error(`the stack has no repo with the ${pattern} pattern; add one to its config or pick the other pattern`);
}

interface InvocationRecord extends Invocation {
    readonly taskId?: string;
    readonly agent?: string;
    readonly result?: unknown;
}

export async function runLocally(options: LocalRunOptions): Promise<LocalRunReport> {
    const started = performance.now();
    const { progress, runtime } = options;

    // 1. The stack, as the program declares it (an update: every output known).
    const program = options.program ?? (await runProgram({ programDir: options.programDir, stack: options.stack, known: true }));
    const binding = pickRepo(bindRepos(program.resources), options.pattern);

    // 2. Upload the Conductor folder, as `supervisor push` would.
    const store = runtime.createStore(binding.bucket);
    const uploaded = await runtime.uploadConductor(store, binding.repo, options.conductorDir);
    const track = options.track ?? runtime.pickTrack(options.conductorDir);
    const plan = uploaded.get(planKey(binding.repo, track));
    if (!plan) throw new Error(`track '${track}' has no plan.md in ${options.conductorDir}`);
    const runId = deriveRunId(binding.repo, track, plan.version);
    const input: ExecutionInput = { runId, repo: binding.repo, track, planKey: planKey(binding.repo, track), planVersionId: plan.version };

    // 3. The definition, bound to the handlers.
    const local = prepareLocalDefinition(binding.definition, options.timeScale);
    const invocations: InvocationRecord[] = [];
    const counters = new Map<string, number>();
    let endRun!: () => void;
    const runEnded = new Promise<void>((resolve) => (endRun = resolve));
    const handlers: Record<string, (input: any) => Promise<any>> = {};
    for (const [stateName, state] of local.taskStates) {
        const fnName = functionNameOf(String(state.Resource));
        const family = taskFamilyOf(String(state.Parameters?.TaskDefinition ?? ""));
        const fn = fnName ? binding.functions.get(fnName) : undefined;
        const task = family ? binding.tasks.get(family) : undefined;
        const target = fn ?? task;
        if (!target) throw new Error(`Task state '${stateName}' invokes ${state.Resource}, which the program does not declare`);
        const entry = fn ? fn.entry : "subagent";
        handlers[stateName] = async (payload: any) => {
            // A Fargate task receives its input as the container does: the RunTask request's
            // SUBAGENT_INPUT override, built by the definition with States.JsonToString.
            const event = task ? fargateInput(payload) : payload;
            const agent: string | undefined = entry === "subagent" ? event.agent : undefined;
            const taskId: string | undefined = event?.task?.taskId;
            if (agent && taskId) progress.subagentStarted(taskId, agent);
            const t0 = performance.now();
            try {
                const call = () => runtime.invoke(entry, target.env, event, { faults: options.faults, store });
                const result = agent ? await withFaults(options.faults, agent, call, counters, runEnded) : await call();
                record(result);
                if (agent && taskId) progress.subagentFinished(taskId, agent, describe(result));
                return result;
            } catch (e) {
                record(undefined);
                if (agent && taskId) progress.subagentFinished(taskId, agent, `error ${(e as Error).name}`);
                throw e;
            }
            function record(result: unknown) {
                const durationMs = performance.now() - t0;
                const tokens = (result as SubagentResult | undefined)?.status === "ok" ? (result as any).tokens : undefined;
                invocations.push({
                    kind: target!.kind,
                    memoryMb: target!.memoryMb,
                    cpuUnits: task?.cpuUnits,
                    spot: stateName.endsWith(" on Spot"),
                    durationMs,
                    modelId: target!.env.MODEL_ID,
                    tokens,
                    taskId,
                    agent,
                    result,
                });
            }
        };
    }

    // 4. Execute, following the event log for progress and the transition count.
    const machine = new StateMachine(local.definition as any, { validationOptions: { checkArn: false } });
    const execution = machine.run(input as any, {
        overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: local.retryIntervalOverrides },
        // The context object Step Functions provides; `$$.Task.Token` feeds the Fargate task's token.
        context: { Execution: { Id: `local:execution:${binding.stateMachineName}:${runId}`, Name: runId }, StateMachine: { Id: `local:stateMachine:${binding.stateMachineName}`, Name: binding.stateMachineName }, Task: { Token: `local-task-token-${runId}` } } as any,
    });
    let transitions = 0;
    let totalTasks = 0;
    const follow = (async () => {
        for await (const event of execution.eventLogs) {
            if (event.type === "StateEntered") {
                transitions++;
                progress.stateEntered(event.state.name, event.state.type);
            } else if (event.type === "StateExited") {
                progress.stateExited(event.state.name, event.state.type);
                if (event.state.name === "Snapshot context") {
                    totalTasks = ((event.state.output as any)?.tasks ?? []).length;
                    progress.setTotalTasks(totalTasks);
                }
            } else if (event.type === "StateRetried") {
                transitions++;
                progress.stateRetried(event.state.name, event.retry.attempt, "");
            } else if (event.type === "StateCaught") {
                progress.stateCaught(event.state.name, "");
            } else if (event.type === "MapIterationSucceeded" || event.type === "MapIterationFailed") {
                progress.taskFinished();
            }
        }
    })();
    let output: any;
    let failure: Error | undefined;
    try {
        output = await execution.result;
    } catch (e) {
        failure = e as Error;
    } finally {
        endRun();
    }
    await follow.catch(() => undefined);
    progress.done();
    const requests = runtime.counters(store);

    // 5. Collect: the merged folder and the report, into out/<runId>/.
    const outDir = path.join(options.outRoot, runId);
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    const context = invocations.find((i) => (i.result as any)?.tasks)?.result as { tasks: { taskId: string; title: string; agent: string }[]; diagnostics: string[] } | undefined;
    const diagnostics = context?.diagnostics ?? [];
    const mergeReport = await runtime.readJson(store, mergeReportKey(runId));
    if (mergeReport !== undefined) writeFileSync(path.join(outDir, "report.json"), `${JSON.stringify(mergeReport, null, 2)}\n`);
    await runtime.downloadConductor(store, binding.repo, path.join(outDir, "conductor"));

    const summary = output && typeof output === "object" && "applied" in output ? (output as MergeSummary) : undefined;
    const tasks = taskRows(context?.tasks ?? [], invocations, mergeReport);
    const cost = estimateCost(
        { workflowType: binding.workflowType, transitions, executionMs: performance.now() - started, invocations, s3Puts: requests.puts, s3Gets: requests.gets },
        options.prices,
    );
    const base = { runId, repo: binding.repo, track, pattern: options.pattern, workflowType: binding.workflowType, tasks, diagnostics, transitions, elapsedMs: performance.now() - started, cost, costEstimateUsd: cost.totalUsd, outDir };
    if (failure) {
        return { ...base, status: "failed", reason: `the execution failed: ${failure.name}: ${failure.message}`, merge: { applied: 0, conflicts: 0, rejected: 0, failed: 0 } };
    }
    if (!summary) {
        return { ...base, status: "nothing-to-dispatch", reason: diagnostics[0] ?? "the plan has no dispatchable task", merge: { applied: 0, conflicts: 0, rejected: 0, failed: 0 } };
    }
    const merge = { applied: summary.applied, conflicts: summary.conflicts, rejected: summary.rejected, failed: summary.failed, report: mergeReport };
    const clean = summary.conflicts === 0 && summary.rejected === 0 && summary.failed === 0;
    return {
        ...base,
        status: clean ? "merged" : "merged-with-problems",
        reason: clean
            ? `${summary.applied} patch(es) merged into ${path.join(outDir, "conductor")}`
            : `${summary.applied} merged, ${summary.conflicts} conflicted, ${summary.rejected} rejected, ${summary.failed} failed; see ${path.join(outDir, "report.json")}`,
        merge,
    };
}

/** The subagent input a RunTask request hands its container. */
function fargateInput(runTask: any): unknown {
    const env: { Name: string; Value: string }[] = runTask?.Overrides?.ContainerOverrides?.[0]?.Environment ?? [];
    const value = env.find((e) => e.Name === "SUBAGENT_INPUT")?.Value;
    if (!value) throw new Error("the RunTask request carries no SUBAGENT_INPUT override");
    return JSON.parse(value);
}

function describe(result: unknown): string {
    const r = result as SubagentResult | undefined;
    if (r?.status === "ok") return `patch ${r.bytes} B, ${r.linesAdded}+/${r.linesRemoved}-, ${r.tokens.input + r.tokens.output} tokens`;
    if (r?.status === "failed") return `failed ${r.error}`;
    return "done";
}

/** One row per task and agent that worked on it, with the merge's verdict. */
function taskRows(tasks: { taskId: string; title: string }[], invocations: InvocationRecord[], report: any): TaskRow[] {
    const titles = new Map(tasks.map((t) => [t.taskId, t.title]));
    const verdict = (taskId: string, agent: string): TaskRow["status"] | undefined => {
        if (!report) return undefined;
        if ((report.conflicts ?? []).some((c: any) => c.taskId === taskId && c.agent === agent)) return "conflict";
        if ((report.rejected ?? []).some((c: any) => c.taskId === taskId && c.agent === agent)) return "rejected";
        if ((report.applied ?? []).some((c: any) => c.taskId === taskId && c.agent === agent)) return "ok";
        return undefined;
    };
    const rows = new Map<string, TaskRow>();
    for (const inv of invocations.filter((i) => i.agent && i.taskId)) {
        const key = `${inv.taskId}/${inv.agent}`;
        const r = inv.result as SubagentResult | undefined;
        const previous = rows.get(key);
        const status: TaskRow["status"] = r?.status === "ok" ? (verdict(inv.taskId!, inv.agent!) ?? (report ? "not-chosen" : "ok")) : "failed";
        rows.set(key, {
            task: inv.taskId!,
            title: titles.get(inv.taskId!) ?? "",
            agent: inv.agent!,
            status,
            patchBytes: r?.status === "ok" ? r.bytes : 0,
            tokens: r?.status === "ok" ? r.tokens.input + r.tokens.output : 0,
            durationMs: (previous?.durationMs ?? 0) + inv.durationMs,
            error: r?.status === "ok" ? undefined : "failed after retries",
        });
    }
    // Tasks whose agent never returned (timeouts, caught failures) appear in the merge input as failures.
    for (const f of report?.failed ?? []) {
        const key = `${f.taskId}/${f.agent}`;
        const prev = rows.get(key);
        rows.set(key, { task: f.taskId, title: titles.get(f.taskId) ?? "", agent: f.agent, status: "failed", patchBytes: 0, tokens: 0, durationMs: prev?.durationMs ?? 0, error: f.error });
    }
    return [...rows.values()].sort((a, b) => a.task.localeCompare(b.task, undefined, { numeric: true }) || a.agent.localeCompare(b.agent));
}
