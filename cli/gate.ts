/**
 * `npm run gate -- --stack dev`: the offline gate. Runs a Pulumi TypeScript program under the
 * SDK's mock runtime (a first preview unless --known), serves the policy pack exactly as the
 * engine does, sends every registered resource (Analyze) and the whole stack (AnalyzeStack), and
 * prints violations grouped by resource, then a one-line summary.
 *
 *   npm run gate -- [--stack dev] [--program <dir>] [--policy-pack <dir>] [--known] [--json]
 *                   [--policy-pack-config <file.json>]
 *
 * Exit status: 1 on any mandatory violation or weakened gate (a mandatory policy that could not
 * decide because a value was unknown at preview), 2 when the program itself fails, 0 otherwise.
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { accessMatrixMarkdown, evaluateAccess } from "../harness/access-matrix";
import { type Diagnostic, PolicyPackServer, WEAKENED_MARKER } from "../harness/analyzer-client";
import { ProgramError, type ProgramRun, runProgram } from "../harness/run-program";

const ROOT = path.join(__dirname, "..");

export interface GateResult {
    readonly stack: string;
    readonly known: boolean;
    readonly resources: { urn: string; type: string; name: string }[];
    readonly violations: (Diagnostic & { weakened: boolean })[];
    readonly mandatory: number;
    readonly weakened: number;
    readonly advisory: number;
    readonly timings: { programMs: number; policyMs: number };
    readonly pack: { name: string; version: string; policies: number };
}

export interface GateOptions {
    readonly programDir: string;
    readonly stack: string;
    readonly known: boolean;
    readonly packDir: string;
    readonly packConfig?: Record<string, Record<string, unknown>>;
}

/**
 * Runs the program and the pack; throws ProgramError when the program fails. A started pack can
 * be passed in to check several programs against one pack process (tests, benchmarks).
 */
export async function runGate(options: GateOptions, program?: ProgramRun, server?: PolicyPackServer): Promise<GateResult> {
    // The pack starts (the engine's ts-node compiles it) while the program runs: they are independent.
    const packStarting = server ? Promise.resolve(server) : PolicyPackServer.start(options.packDir);
    let run: ProgramRun;
    try {
        run = program ?? (await runProgram({ programDir: options.programDir, stack: options.stack, known: options.known }));
    } catch (e) {
        if (!server) void packStarting.then((p) => p.stop(), () => undefined);
        throw e;
    }
    const pack = await packStarting;
    const started = performance.now();
    try {
        const info = await pack.info();
        await pack.configure(info.policies, options.packConfig as never);
        const diagnostics: Diagnostic[] = [];
        // Only resources reach Analyze, as with the engine: components are not analyzed.
        const custom = run.resources.filter((r) => r.custom);
        for (const r of custom) diagnostics.push(...(await pack.analyze(r)));
        diagnostics.push(...(await pack.analyzeStack(custom)));
        const violations = diagnostics.map((d) => ({ ...d, weakened: d.message.includes(WEAKENED_MARKER) && d.message.startsWith("can't run policy") }));
        const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory" && !v.weakened).length;
        const weakened = violations.filter((v) => v.weakened).length;
        return {
            stack: options.stack,
            known: options.known,
            resources: run.resources.map((r) => ({ urn: r.urn, type: r.type, name: r.name })),
            violations,
            mandatory,
            weakened,
            advisory: violations.length - mandatory - weakened,
            // Policy time: configuring the pack and every Analyze/AnalyzeStack call, after both are ready.
            timings: { programMs: run.elapsedMs, policyMs: performance.now() - started },
            pack: { name: info.name, version: info.version, policies: info.policies.length },
        };
    } finally {
        if (!server) pack.stop();
    }
}

function printHuman(result: GateResult): void {
    const byResource = new Map<string, typeof result.violations>();
    for (const v of result.violations) byResource.set(v.urn ?? "(stack)", [...(byResource.get(v.urn ?? "(stack)") ?? []), v]);
    for (const [urn, vs] of byResource) {
        console.log(urn === "(stack)" ? "stack" : urn);
        for (const v of vs) console.log(`  [${v.weakened ? "weakened" : v.enforcementLevel}] ${v.policy}: ${v.message}`);
    }
    const verdict = result.mandatory + result.weakened === 0 ? "passed" : "FAILED";
    console.log(
        `gate ${verdict}: ${result.stack} (${result.known ? "update" : "first preview"}), ${result.resources.length} resources, ${result.pack.policies} policies: ${result.mandatory} mandatory violation(s), ${result.weakened} weakened, ${result.advisory} advisory; program ${Math.round(result.timings.programMs)} ms, policies ${Math.round(result.timings.policyMs)} ms`,
    );
}

async function main(): Promise<number> {
    const { values } = parseArgs({
        options: {
            stack: { type: "string", default: "dev" },
            program: { type: "string", default: ROOT },
            "policy-pack": { type: "string", default: path.join(ROOT, "policypack") },
            "policy-pack-config": { type: "string" },
            known: { type: "boolean", default: false },
            json: { type: "boolean", default: false },
            "access-matrix": { type: "boolean", default: false },
        },
    });
    if (values["access-matrix"]) return writeAccessMatrix(values.stack!, path.resolve(values.program!));
    try {
        const result = await runGate({
            programDir: path.resolve(values.program!),
            stack: values.stack!,
            known: values.known!,
            packDir: path.resolve(values["policy-pack"]!),
            packConfig: values["policy-pack-config"] ? JSON.parse(readFileSync(values["policy-pack-config"], "utf8")) : undefined,
        });
        if (values.json) {
            console.log(
                JSON.stringify(
                    {
                        stack: result.stack,
                        known: result.known,
                        resources: result.resources,
                        violations: result.violations.map((v) => ({ policy: v.policy, enforcementLevel: v.weakened ? "weakened" : v.enforcementLevel, urn: v.urn, message: v.message })),
                        summary: { mandatory: result.mandatory, weakened: result.weakened, advisory: result.advisory },
                        timings: result.timings,
                    },
                    null,
                    2,
                ),
            );
        } else {
            printHuman(result);
        }
        return result.mandatory + result.weakened > 0 ? 1 : 0;
    } catch (e) {
        if (e instanceof ProgramError) {
            console.error(`gate: the program failed, so nothing was checked:\n${e.message}`);
            return 2;
        }
        throw e;
    }
}

const MATRIX_START = "<!-- access-matrix:start -->";
const MATRIX_END = "<!-- access-matrix:end -->";

/** Regenerates the access matrix in docs/gates.md; exit 1 if any request surprised the simulator. */
async function writeAccessMatrix(stack: string, programDir: string): Promise<number> {
    const run = await runProgram({ programDir, stack, known: true });
    const results = await evaluateAccess(run.resources);
    const doc = path.join(ROOT, "docs", "gates.md");
    const text = readFileSync(doc, "utf8");
    const start = text.indexOf(MATRIX_START);
    const end = text.indexOf(MATRIX_END);
    if (start < 0 || end < start) throw new Error(`${doc} has no ${MATRIX_START} ... ${MATRIX_END} section`);
    writeFileSync(doc, `${text.slice(0, start + MATRIX_START.length)}\n${accessMatrixMarkdown(results)}\n${text.slice(end)}`);
    const surprises = results.filter((r) => !r.ok);
    console.log(`access matrix: ${results.length} requests for ${new Set(results.map((r) => r.role)).size} roles of the ${stack} stack, ${surprises.length} unexpected; written to ${doc}`);
    return surprises.length > 0 ? 1 : 0;
}

if (require.main === module) {
    main().then(
        (code) => process.exit(code),
        (e: Error) => {
            console.error(`gate: ${e.stack ?? e.message}`);
            process.exit(2);
        },
    );
}
