/**
 * Runs a Pulumi TypeScript program under strict mocks (harness/mocks.ts) in a child process, the
 * way `pulumi preview` (known: false) or `pulumi up` (known: true) would run it, and returns every
 * resource it registered. A child process per run keeps the SDK's global state and the module
 * cache of one program from leaking into the next (dev, prod, mutated copies).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { RecordedResource } from "./mocks";

export type { RecordedResource } from "./mocks";

export interface ProgramRun {
    readonly project: string;
    readonly stack: string;
    readonly known: boolean;
    readonly resources: RecordedResource[];
    /** Wall time of the child, in ms. */
    readonly elapsedMs: number;
}

export interface RunProgramOptions {
    /** A directory holding Pulumi.yaml, Pulumi.<stack>.yaml and index.ts. */
    readonly programDir: string;
    readonly stack: string;
    /** false simulates a first preview (computed outputs unknown), true an update. */
    readonly known: boolean;
}

/** The program itself failed (bad config, an exception, an unexpected invoke). */
export class ProgramError extends Error {
    override readonly name = "ProgramError";
}

const CHILD = path.join(__dirname, "program-child.ts");
const REGISTER_TS = path.join(__dirname, "register-ts.cjs");

export async function runProgram(options: RunProgramOptions): Promise<ProgramRun> {
    const programDir = path.resolve(options.programDir);
    const work = mkdtempSync(path.join(tmpdir(), "supervisor-program-"));
    const resultFile = path.join(work, "result.json");
    const started = Date.now();
    try {
        const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
            // TypeScript through esbuild's transform (harness/register-ts.cjs): type checking is
            // `tsc`'s job; this child only needs the program to run, and fast.
            const child = spawn(process.execPath, ["--enable-source-maps", "-r", REGISTER_TS, CHILD, programDir, options.stack, String(options.known), resultFile], {
                cwd: programDir,
                env: { ...process.env },
                stdio: ["ignore", "ignore", "pipe"],
            });
            let err = "";
            child.stderr.on("data", (d) => (err += d));
            child.on("error", reject);
            child.on("close", (c) => resolve({ code: c, stderr: err }));
        });
        if (code !== 0) {
            throw new ProgramError(stderr.trim() || `the program exited with status ${code}`);
        }
        const result = JSON.parse(readFileSync(resultFile, "utf8")) as { project: string; resources: RecordedResource[] };
        return { project: result.project, stack: options.stack, known: options.known, resources: result.resources, elapsedMs: Date.now() - started };
    } finally {
        rmSync(work, { recursive: true, force: true });
    }
}
