/**
 * "Inline" handlers: the program bundles `handlers/<entry>.ts` with esbuild into each function's
 * code while it runs, so `pulumi preview` and `pulumi up` need no separate build step and no
 * closure serialization. The bundle is deterministic (same source, same bytes, same asset hash),
 * so an unchanged handler never shows as a diff.
 */
import { createHash } from "node:crypto";
import * as path from "node:path";
import { buildSync } from "esbuild";
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
        write: false,
        absWorkingDir: ROOT,
        // Optional peer modules the SDKs probe for at run time; never needed on Lambda.
        external: ["@aws-sdk/signature-v4-crt", "aws-crt"],
        logLevel: "silent" as const,
    };
}

/** Bundles one handler entry (cached per process). Throws with esbuild's messages on a build error. */
export function bundleHandler(entry: HandlerEntry): HandlerBundle {
    return { ...bundleFile(`handlers/${entry}.ts`), entry };
}

/** Bundles any entry file (project-relative), e.g. the Fargate container's `handlers/fargate/main.ts`. */
export function bundleFile(relativePath: string): Omit<HandlerBundle, "entry"> {
    const hit = cache.get(relativePath);
    if (hit) return hit;
    const result = buildSync(bundleOptions(path.join(ROOT, relativePath)));
    if (result.errors.length > 0) {
        throw new Error(`bundling ${relativePath} failed: ${result.errors.map((e) => e.text).join("; ")}`);
    }
    const output = result.outputFiles?.[0];
    if (!output) throw new Error(`bundling ${relativePath} produced no output`);
    const code = output.text;
    const bundle = { entry: relativePath as HandlerEntry, code, sha256: createHash("sha256").update(code).digest("hex"), bytes: Buffer.byteLength(code) };
    cache.set(relativePath, bundle);
    return bundle;
}
