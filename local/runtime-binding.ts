/**
 * The LocalRuntime of the local run, bound to the real runtime: a filesystem artifact store with
 * S3 semantics, and each handler's core built from the function's recorded environment, as its
 * Lambda entry builds it at cold start, with the dry-run (or recorded-response) model provider
 * in place of Bedrock.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { arbiterInputSchema, executionInputSchema, mergeInputSchema, parsePayload, subagentInputSchema, type TaskRef } from "../runtime/contracts";
import { filesUnder, pickTrack, readConductorFolder } from "../runtime/conductor";
import { parseEnv } from "../runtime/env";
import type { HandlerEntry } from "../runtime/handler-env";
import { conductorPrefix } from "../runtime/layout";
import { DryRunProvider } from "../runtime/models/dry-run";
import type { ModelProvider } from "../runtime/models/provider";
import { RecordedResponseProvider } from "../runtime/models/recorded";
import { createArbiterStep } from "../runtime/steps/arbiter";
import { createContextStep } from "../runtime/steps/context";
import { createMergeStep } from "../runtime/steps/merge";
import { createSubagent } from "../runtime/steps/subagent";
import { CountingStore } from "../runtime/store/store";
import { FsStore } from "../runtime/store/fs-store";
import { createLogger, silentLogger } from "../runtime/telemetry/logger";
import { createMetrics } from "../runtime/telemetry/metrics";
import type { InvokeContext, LocalRuntime, LocalStoreHandle } from "./runtime-adapter";

export interface BindingOptions {
    /** Where local buckets live (one folder per bucket). */
    readonly storeRoot: string;
    readonly provider: "dry-run" | "recorded";
    readonly recordingsFile?: string;
    /** Handler logs (JSON lines) and EMF metrics go here; undefined drops them. */
    readonly telemetryFile?: string;
}

interface Handle extends LocalStoreHandle {
    readonly store: CountingStore;
}

export function createLocalRuntime(options: BindingOptions): LocalRuntime {
    const write = options.telemetryFile ? (line: string) => writeFileSync(options.telemetryFile!, `${line}\n`, { flag: "a" }) : undefined;
    const providerFor = (faults: InvokeContext["faults"]): ModelProvider => {
        if (options.provider === "recorded") {
            if (!options.recordingsFile) throw new Error("the recorded-response provider needs --recordings <file.json>");
            return RecordedResponseProvider.fromFile(options.recordingsFile);
        }
        // Conflict injection: the second task's agent also rewrites the first task's line.
        const order: TaskRef[] = [];
        return new DryRunProvider({
            conflictOn: faults.some((f) => f.kind === "conflict")
                ? (task) => {
                      if (!order.some((t) => t.taskId === task.taskId)) order.push(task);
                      const sorted = [...order].sort((a, b) => a.line - b.line);
                      return sorted.length > 1 && task.taskId !== sorted[0].taskId && task.taskId === sorted[1].taskId ? sorted[0] : undefined;
                  }
                : undefined,
        });
    };
    let sharedProvider: ModelProvider | undefined;

    return {
        createStore(bucket) {
            // A fresh bucket per run: a local run starts from an empty artifact store, as a new stack does.
            const root = path.join(options.storeRoot, bucket);
            rmSync(root, { recursive: true, force: true });
            return { bucket, store: new CountingStore(new FsStore(root)) } as Handle;
        },
        async uploadConductor(handle, repo, conductorDir) {
            const { store } = handle as Handle;
            const versions = new Map<string, { version: string }>();
            for (const rel of filesUnder(conductorDir)) {
                const key = `${conductorPrefix(repo)}${rel}`;
                const put = await store.put(key, readFileSync(path.join(conductorDir, rel), "utf8"));
                // The content hash, not the local version id: the same folder gives the same run id.
                versions.set(key, { version: put.etag.replace(/"/g, "") });
            }
            return versions;
        },
        pickTrack(conductorDir) {
            const folder = readConductorFolder(conductorDir);
            try {
                return pickTrack(folder).id;
            } catch (e) {
                // No track has work: run the first one anyway, so the run itself says why it dispatches nothing.
                const first = folder.tracks.find((t) => t.plan);
                if (!first) throw e;
                return first.id;
            }
        },
        async invoke(entry: HandlerEntry, env, event, context) {
            const { store } = context.store as Handle;
            const logger = write ? createLogger({ repo: env.SUPERVISOR_REPO, agent: env.SUPERVISOR_AGENT }, write) : silentLogger;
            const metrics = createMetrics(env.METRICS_NAMESPACE ?? "SubagentSupervisor", { env: env.SUPERVISOR_ENV, repo: env.SUPERVISOR_REPO ?? "shared", agent: env.SUPERVISOR_AGENT ?? entry }, write ?? (() => undefined));
            // One provider per run, so the conflict injection sees every task.
            sharedProvider ??= providerFor(context.faults);
            switch (entry) {
                case "context":
                    return createContextStep({ store, env: parseEnv("context", env), logger })(parsePayload(executionInputSchema, event, "context input"));
                case "subagent":
                    return createSubagent({ store, env: parseEnv("subagent", env), provider: sharedProvider, logger, metrics })(parsePayload(subagentInputSchema, event, "subagent input"));
                case "arbiter":
                    return createArbiterStep({ store, env: parseEnv("arbiter", env), provider: sharedProvider, logger })(parsePayload(arbiterInputSchema, event, "arbiter input"));
                case "merge":
                    return createMergeStep({ store, env: parseEnv("merge", env), logger, metrics })(parsePayload(mergeInputSchema, event, "merge input"));
                default:
                    throw new Error(`the local run does not bind the ${entry} handler to a Task state`);
            }
        },
        async readJson(handle, key) {
            const obj = await (handle as Handle).store.get(key);
            return obj ? JSON.parse(obj.body) : undefined;
        },
        async downloadConductor(handle, repo, dir) {
            const { store } = handle as Handle;
            const prefix = conductorPrefix(repo);
            for (const key of await store.list(prefix)) {
                const obj = await store.get(key);
                if (!obj) continue;
                const file = path.join(dir, key.slice(prefix.length));
                mkdirSync(path.dirname(file), { recursive: true });
                writeFileSync(file, obj.body);
            }
            if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
        },
        counters(handle) {
            const { store } = handle as Handle;
            return { puts: store.puts, gets: store.gets };
        },
    };
}
