import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { ConfigError, parseSupervisorConfig, workflowTypeFor } from "../../config";

const ROOT = path.join(__dirname, "..", "..");

/** The raw `supervisor:*` values of a stack file, merged over Pulumi.yaml's defaults. */
function rawConfig(stack: string): Record<string, any> {
    const project = parse(readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"));
    const out: Record<string, any> = {};
    for (const [k, v] of Object.entries<any>(project.config)) out[k.replace("supervisor:", "")] = v.value;
    const stackCfg = parse(readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")).config;
    for (const [k, v] of Object.entries(stackCfg)) {
        if (k === "aws:region") out.region = v;
        else out[k.replace("supervisor:", "")] = v;
    }
    return out;
}

function withFirstAgent(change: Record<string, unknown>): Record<string, any> {
    const raw = structuredClone(rawConfig("dev"));
    Object.assign(raw.repos[0].agents[0], change);
    return raw;
}

describe("config", () => {
    it("accepts the dev and prod stacks, which differ in real ways", () => {
        const dev = parseSupervisorConfig(rawConfig("dev"));
        const prod = parseSupervisorConfig(rawConfig("prod"));
        assert.notEqual(dev.workflowType, prod.workflowType);
        assert.notEqual(dev.logRetentionDays, prod.logRetentionDays);
        assert.notEqual(dev.dispatcherMaxConcurrency, prod.dispatcherMaxConcurrency);
        assert.ok(prod.alerts.snsTopicArns.length > 0 && dev.alerts.snsTopicArns.length === 0);
        const spot = (c: typeof dev) => c.repos.flatMap((r) => r.agents).filter((a) => a.kind === "fargate" && !a.critical).length;
        assert.ok(spot(dev) > 0);
    });

    it("fills defaults: candidates for arbiter repos, the default agent, loop caps", () => {
        const dev = parseSupervisorConfig(rawConfig("dev"));
        const docs = dev.repos.find((r) => r.name === "docs-site")!;
        assert.equal(docs.candidates, 2);
        assert.equal(docs.defaultAgent, "writer");
        assert.equal(docs.agents[0].maxIterations, 3);
    });

    it("refuses a lambda agent over 900 s and suggests kind: fargate", () => {
        assert.throws(
            () => parseSupervisorConfig(withFirstAgent({ timeoutSeconds: 1200 })),
            (e: Error) => e instanceof ConfigError && e.message.includes("supervisor:repos[web-app].agents[coder].timeoutSeconds: 1200 s is over Lambda's 900 s limit; use kind: fargate for long tasks, or lower the timeout."),
        );
    });

    it("refuses a Fargate memory size that does not fit its cpu, naming the valid range", () => {
        const raw = rawConfig("dev");
        raw.repos[0].agents[1].memoryMb = 1000;
        assert.throws(() => parseSupervisorConfig(raw), /agents\[refactorer\]\.memoryMb: 1000 MB does not fit cpu 1024; use 2048-8192 MB in steps of 1024\./);
    });

    it("refuses an arbiter repo with more candidates than agents", () => {
        const raw = rawConfig("dev");
        raw.repos[1].candidates = 3;
        assert.throws(() => parseSupervisorConfig(raw), /supervisor:repos\[docs-site\]\.candidates: the arbiter pattern runs the first 3 agents as candidates but the repo has 2; add agents or lower candidates\./);
    });

    it("refuses agent budgets over the repo budget", () => {
        const raw = rawConfig("dev");
        raw.repos[0].monthlyBudgetUsd = 10;
        assert.throws(() => parseSupervisorConfig(raw), /the agents' budgets add up to 140 USD, over the repo's 10 USD/);
    });

    it("names the key of a schema error, with the item's name", () => {
        assert.throws(() => parseSupervisorConfig(withFirstAgent({ kind: "ec2" })), /supervisor:repos\[0=web-app\]\.agents\[0=coder\]\.kind/);
        const raw = rawConfig("dev");
        raw.alerts = { emails: [] };
        assert.throws(() => parseSupervisorConfig(raw), /supervisor:alerts: needs at least one of emails or snsTopicArns/);
    });

    it("uses Express only where every agent is a short Lambda", () => {
        const dev = parseSupervisorConfig(rawConfig("dev"));
        assert.equal(workflowTypeFor(dev, dev.repos.find((r) => r.name === "docs-site")!), "EXPRESS");
        assert.equal(workflowTypeFor(dev, dev.repos.find((r) => r.name === "web-app")!), "STANDARD");
    });
});

describe("config: execution timeout", () => {
    it("refuses an execution timeout that cannot fit the longest agent", () => {
        const raw = rawConfig("dev");
        raw.executionTimeoutSeconds = 1800;
        assert.throws(() => parseSupervisorConfig(raw), /supervisor:executionTimeoutSeconds: 1800 s cannot fit agent web-app\.refactorer's 3600 s timeout plus the context, arbiter and merge steps \(at least 4230 s\)/);
    });
});
