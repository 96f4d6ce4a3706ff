import { strict as assert } from "node:assert";
import { type AgentTarget, buildDefinition, type DefinitionArgs, FARGATE_HEARTBEAT_SECONDS } from "../../lib/state-machine-definition";

const validateAsl = require("asl-validator") as (d: unknown) => { isValid: boolean; errors: unknown[] };
const ARN = (n: string) => `arn:aws:lambda:us-east-1:123456789012:function:${n}`;
const lambda = (name: string): AgentTarget => ({ name, kind: "lambda", timeoutSeconds: 300, functionArn: ARN(name) });
const fargate = (name: string, spot: boolean): AgentTarget => ({
    name,
    kind: "fargate",
    timeoutSeconds: 3600,
    spot,
    clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/c",
    taskDefinitionArn: `arn:aws:ecs:us-east-1:123456789012:task-definition/${name}`,
    containerName: "subagent",
});

function args(over: Partial<DefinitionArgs> = {}): DefinitionArgs {
    return {
        repo: "web-app",
        pattern: "parallel",
        candidates: 1,
        mapMaxConcurrency: 4,
        executionTimeoutSeconds: 3600,
        functions: { context: ARN("context"), merge: ARN("merge"), arbiter: ARN("arbiter") },
        stepTimeoutSeconds: { context: 60, merge: 300, arbiter: 180 },
        agents: [lambda("coder"), fargate("refactorer", true)],
        ...over,
    };
}

type S = Record<string, any>;
function names(def: S, out: string[] = []): string[] {
    for (const [n, s] of Object.entries<S>(def.States)) {
        out.push(n);
        if (s.ItemProcessor) names(s.ItemProcessor, out);
        for (const b of s.Branches ?? []) names(b, out);
    }
    return out;
}

describe("state machine definition", () => {
    it("is valid ASL for both patterns, with unique state names of at most 80 characters", () => {
        for (const d of [buildDefinition(args()), buildDefinition(args({ pattern: "arbiter", candidates: 2 }))]) {
            assert.deepEqual(validateAsl(d).errors, []);
            const all = names(d);
            assert.equal(new Set(all).size, all.length, "unique names");
            for (const n of all) assert.ok(n.length <= 80, n);
        }
    });

    it("runs non-critical Fargate agents on Spot first, falling back on demand on interruption", () => {
        const d = buildDefinition(args()) as S;
        const states = d.States["Run subagents"].ItemProcessor.States;
        const spot = states["Agent refactorer on Spot"];
        assert.equal(spot.Parameters.CapacityProviderStrategy[0].CapacityProvider, "FARGATE_SPOT");
        assert.equal(spot.HeartbeatSeconds, FARGATE_HEARTBEAT_SECONDS);
        assert.deepEqual(spot.Catch[0].ErrorEquals, ["SubagentInterruptedError", "States.HeartbeatTimeout"]);
        assert.equal(spot.Catch[0].Next, "Agent refactorer");
        assert.equal(states["Agent refactorer"].Parameters.CapacityProviderStrategy[0].CapacityProvider, "FARGATE");
        assert.equal(states["Agent refactorer"].Parameters.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp, "DISABLED");
    });

    it("keeps critical Fargate agents on demand only", () => {
        const d = buildDefinition(args({ agents: [fargate("big", false)] })) as S;
        const states = d.States["Run subagents"].ItemProcessor.States;
        assert.equal(states["Agent big on Spot"], undefined);
        assert.equal(states["Agent big input"].Next, "Agent big");
    });

    it("runs the first K agents as arbiter candidates, then the arbiter", () => {
        const d = buildDefinition(args({ pattern: "arbiter", candidates: 2, agents: [lambda("a"), lambda("b"), lambda("c")] })) as S;
        const proc = d.States["Run subagents"].ItemProcessor;
        assert.equal(proc.States["Run candidates"].Branches.length, 2);
        assert.equal(proc.States["Run candidates"].Next, "Arbitrate");
        assert.equal(proc.States.Arbitrate.Resource, ARN("arbiter"));
    });

    it("refuses impossible arguments with the reason", () => {
        assert.throws(() => buildDefinition(args({ agents: [] })), /needs at least one agent/);
        assert.throws(() => buildDefinition(args({ pattern: "arbiter", candidates: 3 })), /needs 3 agents, it has 2/);
    });
});
