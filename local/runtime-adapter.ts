/**
 * What the local run needs from the runtime (runtime/): a store backed by the filesystem, the
 * handler cores bound to it, and the Conductor parser. Kept as one interface so local/run.ts reads
 * as the data path and the binding to the runtime's factories lives in one file
 * (local/runtime-binding.ts).
 */
import type { HandlerEntry } from "../runtime/handler-env";
import type { Fault } from "./faults";

/** An opaque handle on a local bucket. */
export interface LocalStoreHandle {
    readonly bucket: string;
}

export interface InvokeContext {
    readonly faults: readonly Fault[];
    readonly store: LocalStoreHandle;
}

export interface LocalRuntime {
    createStore(bucket: string): LocalStoreHandle;
    /** Uploads `conductorDir` to `repos/<repo>/conductor/`; returns key -> object version. */
    uploadConductor(store: LocalStoreHandle, repo: string, conductorDir: string): Promise<Map<string, { version: string }>>;
    /** The first track of `tracks.md` that is not complete. */
    pickTrack(conductorDir: string): string;
    /** Runs a handler's core with the function's environment, as Lambda (or the Fargate entry) would. */
    invoke(entry: HandlerEntry, env: Record<string, string>, event: unknown, context: InvokeContext): Promise<unknown>;
    readJson(store: LocalStoreHandle, key: string): Promise<unknown | undefined>;
    downloadConductor(store: LocalStoreHandle, repo: string, dir: string): Promise<void>;
    /** S3 requests made so far (for the cost estimate). */
    counters(store: LocalStoreHandle): { puts: number; gets: number };
}
