/**
 * Serves a policy pack exactly as the Pulumi engine does and talks to it: starts
 * `node node_modules/@pulumi/pulumi/cmd/run-policy-pack <engine-address> <pack-dir>` in the pack's
 * directory (the engine's own ts-node compiles a TypeScript pack, so it must type-check on its
 * own), reads the port it prints, and speaks the Analyzer gRPC service of
 * `@pulumi/pulumi/proto/analyzer_grpc_pb`: GetAnalyzerInfo, Configure (with each policy's schema
 * defaults, as the engine fills them), Analyze per resource and AnalyzeStack for the whole stack.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import type { RecordedResource } from "./mocks";

const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb");
const analyzerGrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const structPb = require("google-protobuf/google/protobuf/struct_pb");
const emptyPb = require("google-protobuf/google/protobuf/empty_pb");

export type EnforcementLevel = "advisory" | "mandatory" | "disabled" | "remediate";

export interface Diagnostic {
    readonly policy: string;
    readonly enforcementLevel: EnforcementLevel;
    /** null for a stack policy's violation that names no resource. */
    readonly urn: string | null;
    readonly message: string;
    readonly severity: string;
}

export interface PolicyInfo {
    readonly name: string;
    readonly description: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly configSchema?: Record<string, unknown>;
}

const LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "disabled", "remediate"];
const SEVERITIES = ["unspecified", "low", "medium", "high", "critical"];

/** The marker the policy SDK writes when a policy could not run because a value was unknown. */
export const WEAKENED_MARKER = "during preview";

function call<Req, Res>(client: any, method: string, request: Req): Promise<Res> {
    return new Promise((resolve, reject) => client[method](request, (err: Error | null, res: Res) => (err ? reject(err) : resolve(res))));
}

function toStruct(value: Record<string, unknown>): unknown {
    return structPb.Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));
}

function options(r: RecordedResource): unknown {
    const o = new analyzerPb.AnalyzerResourceOptions();
    o.setProtect(false);
    o.setParent?.(r.parent ?? "");
    o.setDependenciesList?.(r.dependencies ?? []);
    return o;
}

/** Type, name, URN, properties and options: what AnalyzeRequest and AnalyzerResource share. */
function describeResource<M extends { setType(v: string): M; setName(v: string): M; setUrn(v: string): M; setProperties(v: unknown): M; setOptions(v: unknown): M }>(message: M, r: RecordedResource): M {
    return message.setType(r.type).setName(r.name).setUrn(r.urn).setProperties(toStruct(r.inputs)).setOptions(options(r));
}

function diagnosticsOf(response: any): Diagnostic[] {
    return response.getDiagnosticsList().map((d: any) => ({
        policy: d.getPolicyname(),
        enforcementLevel: LEVELS[d.getEnforcementlevel()] ?? "advisory",
        urn: d.getUrn() || null,
        message: d.getMessage(),
        severity: SEVERITIES[d.getSeverity?.() ?? 0] ?? "unspecified",
    }));
}

export class PolicyPackServer {
    private constructor(
        private readonly child: ChildProcess,
        private readonly client: any,
        readonly stderr: () => string,
    ) {}

    /** Starts the pack and connects; rejects with the pack's own output if it fails to start. */
    static async start(packDir: string, timeoutMs = 120_000): Promise<PolicyPackServer> {
        const dir = path.resolve(packDir);
        const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [dir, __dirname] });
        // The engine address: the policy SDK never calls back, but the argument is part of the contract.
        const child = spawn(process.execPath, [runner, "127.0.0.1:0", dir], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        let err = "";
        child.stderr!.on("data", (d) => (err += d));
        const port = await new Promise<number>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`the policy pack did not print its port within ${timeoutMs} ms:\n${err}`)), timeoutMs);
            child.stdout!.on("data", (d) => {
                out += d;
                const m = /^(\d+)\s*$/m.exec(out);
                if (m) {
                    clearTimeout(timer);
                    resolve(Number(m[1]));
                }
            });
            child.on("exit", (code) => {
                clearTimeout(timer);
                reject(new Error(`the policy pack exited with status ${code} before serving:\n${err || out}`));
            });
        });
        const Client = grpc.makeGenericClientConstructor(analyzerGrpc.AnalyzerService, "Analyzer");
        const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), { "grpc.max_receive_message_length": 256 * 1024 * 1024, "grpc.max_send_message_length": 256 * 1024 * 1024 });
        return new PolicyPackServer(child, client, () => err);
    }

    async info(): Promise<{ name: string; version: string; policies: PolicyInfo[] }> {
        const res: any = await call(this.client, "getAnalyzerInfo", new emptyPb.Empty());
        return {
            name: res.getName(),
            version: res.getVersion(),
            policies: res.getPoliciesList().map((p: any) => ({
                name: p.getName(),
                description: p.getDescription(),
                enforcementLevel: LEVELS[p.getEnforcementlevel()] ?? "advisory",
                configSchema: p.getConfigschema()?.getProperties()?.toJavaScript(),
            })),
        };
    }

    /**
     * Configures every policy as the engine does: schema defaults, overlaid with the user's config
     * (the JSON of `pulumi preview --policy-pack-config`).
     */
    async configure(policies: PolicyInfo[], userConfig: Record<string, Record<string, unknown> & { enforcementLevel?: EnforcementLevel }> = {}): Promise<void> {
        const req = new analyzerPb.ConfigureAnalyzerRequest();
        const map = req.getPolicyconfigMap();
        for (const p of policies) {
            const defaults: Record<string, unknown> = {};
            for (const [k, v] of Object.entries((p.configSchema ?? {}) as Record<string, { default?: unknown }>)) if (v && typeof v === "object" && "default" in v) defaults[k] = v.default;
            const { enforcementLevel, ...props } = { ...defaults, ...(userConfig[p.name] ?? {}) } as Record<string, unknown> & { enforcementLevel?: EnforcementLevel };
            const c = new analyzerPb.PolicyConfig();
            c.setEnforcementlevel(LEVELS.indexOf(enforcementLevel ?? p.enforcementLevel));
            c.setProperties(toStruct(props));
            map.set(p.name, c);
        }
        await call(this.client, "configure", req);
    }

    async analyze(r: RecordedResource): Promise<Diagnostic[]> {
        return diagnosticsOf(await call(this.client, "analyze", describeResource(new analyzerPb.AnalyzeRequest(), r)));
    }

    async analyzeStack(resources: readonly RecordedResource[]): Promise<Diagnostic[]> {
        const req = new analyzerPb.AnalyzeStackRequest();
        req.setResourcesList(
            resources.map((r) => {
                const a = describeResource(new analyzerPb.AnalyzerResource(), r);
                a.setParent(r.parent ?? "");
                a.setDependenciesList(r.dependencies ?? []);
                const deps = a.getPropertydependenciesMap();
                for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) {
                    const pd = new analyzerPb.AnalyzerPropertyDependencies();
                    pd.setUrnsList(urns);
                    deps.set(k, pd);
                }
                return a;
            }),
        );
        return diagnosticsOf(await call(this.client, "analyzeStack", req));
    }

    stop(): void {
        this.client.close();
        this.child.kill();
    }
}
