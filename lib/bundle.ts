/**
 * "Inline" handlers: the program bundles `handlers/<entry>.ts` with esbuild into each function's
 * code while it runs, so `pulumi preview` and `pulumi up` need no separate build step and no
 * closure serialization. The bundle is deterministic (same source, same bytes, same asset hash),
 * so an unchanged handler never shows as a diff.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { type BuildResult, build, buildSync } from "esbuild";
import type { HandlerEntry } from "../runtime/handler-env";

export interface HandlerBundle {
    readonly entry: HandlerEntry;
    /** The bundled CommonJS code, exporting `handler`. */
    readonly code: string;
    readonly sha256: string;
    readonly bytes: number;
}

const ROOT = path.join(__dirname, "..");
const cache = new Map<string, HandlerBundle>();
/**
 * On-disk cache: a bundle is reused when every file esbuild read for it (its metafile inputs)
 * still has the same content. Saves seconds on every preview, gate and test run; the output is
 * byte-identical to a fresh build, so asset hashes do not change.
 */
const DISK_CACHE = path.join(ROOT, "node_modules", ".cache", "supervisor-bundles");

interface DiskEntry {
    readonly inputs: Record<string, string>;
    readonly code: string;
}

function hashFile(file: string): string | undefined {
    return existsSync(file) ? createHash("sha256").update(readFileSync(file)).digest("hex") : undefined;
}

/** The cache file of an entry, keyed also by esbuild's version and options: changing either rebuilds. */
function cacheFile(relativePath: string): string {
    const key = createHash("sha256").update(JSON.stringify({ esbuild: require("esbuild/package.json").version, options: bundleOptions(relativePath) })).digest("hex").slice(0, 12);
    return path.join(DISK_CACHE, `${relativePath.replace(/[/\\]/g, "_")}-${key}.json`);
}

function fromDisk(relativePath: string): string | undefined {
    const file = cacheFile(relativePath);
    if (!existsSync(file)) return undefined;
    try {
        const entry = JSON.parse(readFileSync(file, "utf8")) as DiskEntry;
        for (const [input, hash] of Object.entries(entry.inputs)) if (hashFile(path.join(ROOT, input)) !== hash) return undefined;
        return entry.code;
    } catch {
        return undefined;
    }
}

function toDisk(relativePath: string, code: string, metafileInputs: readonly string[]): void {
    try {
        mkdirSync(DISK_CACHE, { recursive: true });
        const inputs = Object.fromEntries(metafileInputs.map((i) => [i, hashFile(path.join(ROOT, i)) ?? ""]));
        writeFileSync(cacheFile(relativePath), JSON.stringify({ inputs, code } satisfies DiskEntry));
    } catch {
        // A read-only node_modules only loses the cache.
    }
}

function remember(relativePath: string, code: string): Omit<HandlerBundle, "entry"> {
    const bundle = { entry: relativePath as HandlerEntry, code, sha256: createHash("sha256").update(code).digest("hex"), bytes: Buffer.byteLength(code) };
    cache.set(relativePath, bundle);
    return bundle;
}

/** esbuild options shared by the Lambda bundles and the benchmark that measures them. */
export function bundleOptions(entryFile: string) {
    return {
        entryPoints: [entryFile],
        bundle: true,
        platform: "node" as const,
        target: "node22",
        format: "cjs" as const,
        minify: true,
        sourcemap: false,
        legalComments: "none" as const,
        write: false as const,
        absWorkingDir: ROOT,
        // ES module builds tree-shake: the AWS SDK clients shrink by a third (docs/benchmarks.md).
        mainFields: ["module", "main"],
        // Optional peer modules the SDKs probe for at run time; never needed on Lambda.
        external: ["@aws-sdk/signature-v4-crt", "aws-crt"],
        logLevel: "silent" as const,
    };
}

/** Bundles one handler entry (cached per process). Throws with esbuild's messages on a build error. */
export function bundleHandler(entry: HandlerEntry): HandlerBundle {
    return { ...bundleFile(`handlers/${entry}.ts`), entry };
}

/**
 * Bundles every given entry at once (esbuild works on them in parallel) and fills the cache, so
 * the components' synchronous `bundleHandler` calls find them ready. Called by index.ts.
 */
export async function prebundle(relativePaths: readonly string[]): Promise<void> {
    await Promise.all(
        relativePaths
            .filter((p) => !cache.has(p))
            .map(async (p) => {
                const cached = fromDisk(p);
                if (cached !== undefined) {
                    remember(p, cached);
                    return;
                }
                keep(p, await build({ ...bundleOptions(path.join(ROOT, p)), metafile: true }));
            }),
    );
}

/** Bundles any entry file (project-relative), e.g. the Fargate container's `handlers/fargate/main.ts`. */
export function bundleFile(relativePath: string): Omit<HandlerBundle, "entry"> {
    const hit = cache.get(relativePath);
    if (hit) return hit;
    const cached = fromDisk(relativePath);
    if (cached !== undefined) return remember(relativePath, cached);
    return keep(relativePath, buildSync({ ...bundleOptions(path.join(ROOT, relativePath)), metafile: true }));
}

/** A fresh build's output, into both caches. */
function keep(relativePath: string, result: BuildResult<ReturnType<typeof bundleOptions> & { metafile: true }>): Omit<HandlerBundle, "entry"> {
    if (result.errors.length > 0) throw new Error(`bundling ${relativePath} failed: ${result.errors.map((e) => e.text).join("; ")}`);
    const output = result.outputFiles?.[0];
    if (!output) throw new Error(`bundling ${relativePath} produced no output`);
    toDisk(relativePath, output.text, Object.keys(result.metafile?.inputs ?? {}));
    return remember(relativePath, output.text);
}
