/**
 * Child process of harness/run-program.ts: loads a program's stack config the way the CLI does
 * (project defaults from Pulumi.yaml, then Pulumi.<stack>.yaml), installs strict mocks into the
 * program's own Pulumi SDK, runs index.ts, waits for every registration and writes them out.
 * Argv: <programDir> <stack> <known:true|false> <resultFile>.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { installStrictMocks, type PulumiSdk } from "./mocks";

interface ProjectFile {
    name: string;
    config?: Record<string, unknown>;
}

/** Project-level config in Pulumi.yaml is `key: { value: v }` (or `default:`), or a bare value. */
function projectDefaults(project: ProjectFile): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(project.config ?? {})) {
        const full = key.includes(":") ? key : `${project.name}:${key}`;
        if (spec && typeof spec === "object" && !Array.isArray(spec)) {
            const s = spec as { value?: unknown; default?: unknown };
            if ("value" in s) out[full] = s.value;
            else if ("default" in s) out[full] = s.default;
        } else {
            out[full] = spec;
        }
    }
    return out;
}

/** The engine passes every config value as a string; objects and arrays as JSON. */
function asConfigStrings(values: Record<string, unknown>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(values)) out[k] = typeof v === "string" ? v : JSON.stringify(v);
    return out;
}

async function main(): Promise<void> {
    const [programDir, stack, knownArg, resultFile] = process.argv.slice(2);
    const project = parse(readFileSync(path.join(programDir, "Pulumi.yaml"), "utf8")) as ProjectFile;
    const stackFile = path.join(programDir, `Pulumi.${stack}.yaml`);
    if (!existsSync(stackFile)) throw new Error(`no stack config: ${stackFile} does not exist`);
    const stackConfig = ((parse(readFileSync(stackFile, "utf8")) as { config?: Record<string, unknown> } | null)?.config ?? {}) as Record<string, unknown>;
    const config = asConfigStrings({ ...projectDefaults(project), ...stackConfig });
    const region = config["aws:region"] ?? "us-east-1";

    const sdk: PulumiSdk = {
        pulumi: require(require.resolve("@pulumi/pulumi", { paths: [programDir] })),
        MockMonitor: require(require.resolve("@pulumi/pulumi/runtime/mocks", { paths: [programDir] })).MockMonitor,
    };
    sdk.pulumi.runtime.setAllConfig(config);
    const recorded = await installStrictMocks(project.name, stack, { known: knownArg === "true", region }, sdk);

    let failure: unknown;
    process.on("unhandledRejection", (e) => (failure ??= e));
    const program = require(path.join(programDir, "index.ts"));
    // `export = async () => {...}` (what the CLI runs) or an ES default export.
    const main = typeof program === "function" ? program : program?.default;
    if (typeof main === "function") await main();
    await (sdk.pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    if (failure) throw failure;
    writeFileSync(resultFile, JSON.stringify({ project: project.name, resources: recorded }));
}

main().then(
    () => process.exit(0),
    (e: unknown) => {
        process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        process.exit(1);
    },
);
