import { strict as assert } from "node:assert";
import { subnetCidrs } from "../../components/network";
import { NAME_LIMITS, namesFor, physicalName } from "../../lib/naming";
import { deriveRunId, keyPatterns, parsePlanKey, patchKey, planKey } from "../../runtime/layout";

describe("naming", () => {
    it("keeps short names readable and shortens long ones with a stable hash within the limit", () => {
        assert.equal(physicalName("dev", ["web-app", "coder"], 64), "supervisor-dev-web-app-coder");
        const long = physicalName("prod", ["a-very-long-repository-name-here", "an-even-longer-agent-name"], NAME_LIMITS.lambda);
        assert.ok(long.length <= 64, long);
        assert.equal(long, physicalName("prod", ["a-very-long-repository-name-here", "an-even-longer-agent-name"], NAME_LIMITS.lambda));
        assert.notEqual(long, physicalName("prod", ["a-very-long-repository-name-here", "an-even-longer-agent-namf"], NAME_LIMITS.lambda));
    });

    it("fits every name of the longest allowed repo and agent within AWS limits", () => {
        const names = namesFor("production", "123456789012");
        const repo = "r".repeat(32);
        const agent = "a".repeat(32);
        assert.ok(names.function(repo, agent).length <= NAME_LIMITS.lambda);
        assert.ok(names.role(repo, `${agent}-exec`).length <= NAME_LIMITS.iamRole);
        assert.ok(names.stateMachine(repo).length <= NAME_LIMITS.stateMachine);
        assert.ok(names.bucket.length <= NAME_LIMITS.bucket);
    });
});

describe("network CIDRs", () => {
    it("splits a /16 into /20s and a /22 into /24s, without overlap", () => {
        assert.deepEqual(subnetCidrs("10.42.0.0/16", 3), ["10.42.0.0/20", "10.42.16.0/20", "10.42.32.0/20"]);
        assert.deepEqual(subnetCidrs("10.0.4.0/22", 3), ["10.0.4.0/24", "10.0.5.0/24", "10.0.6.0/24"]);
    });
});

describe("S3 layout", () => {
    it("derives the same run id from the same plan version, and a different one from another", () => {
        const a = deriveRunId("web-app", "auth_20241210", "v1");
        assert.equal(a, deriveRunId("web-app", "auth_20241210", "v1"));
        assert.notEqual(a, deriveRunId("web-app", "auth_20241210", "v2"));
        assert.match(a, /^web-app--auth_20241210--[0-9a-f]{12}$/);
    });

    it("keeps run ids valid execution names (80 chars of [0-9A-Za-z_-]) for long or odd track ids", () => {
        const id = deriveRunId("r".repeat(32), `track with spaces/and.dots-${"x".repeat(80)}`, "v");
        assert.ok(id.length <= 80, `${id.length}`);
        assert.match(id, /^[0-9A-Za-z_-]+$/);
    });

    it("confines a repo's IAM patterns to its own run ids", () => {
        const key = patchKey(deriveRunId("web-app", "t", "v"), "p1-t1", "coder");
        const pattern = new RegExp(`^${keyPatterns.agentPatches("web-app", "coder").replace(/[.]/g, "\\.").replace(/\*/g, "[^]*")}$`);
        assert.match(key, pattern);
        assert.doesNotMatch(patchKey(deriveRunId("web-app-2", "t", "v"), "p1-t1", "coder"), pattern);
    });

    it("recognises plan.md keys and nothing else", () => {
        assert.deepEqual(parsePlanKey(planKey("web-app", "auth_1")), { repo: "web-app", track: "auth_1" });
        assert.equal(parsePlanKey("repos/web-app/conductor/tracks/auth_1/spec.md"), undefined);
        assert.equal(parsePlanKey("runs/x/context/conductor/tracks/a/plan.md"), undefined);
    });
});
