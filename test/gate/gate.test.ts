/**
 * The offline gate on the real program: dev and prod pass as a first preview, and copies of the
 * program with one gate broken each are caught.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { PolicyPackServer } from "../../harness/analyzer-client";
import { runGate } from "../../cli/gate";
import { copyProgram, PROJECT_ROOT } from "../helpers/program-copy";

const PACK = path.join(PROJECT_ROOT, "policypack");

describe("offline gate", function () {
    this.timeout(600_000);
    let server: PolicyPackServer;
    before(async () => {
        server = await PolicyPackServer.start(PACK);
    });
    after(() => server?.stop());

    for (const stack of ["dev", "prod"]) {
        it(`passes the ${stack} stack as a first preview with no mandatory violation and no weakened policy`, async () => {
            const r = await runGate({ programDir: PROJECT_ROOT, stack, known: false, packDir: PACK }, undefined, server);
            assert.deepEqual(r.violations, []);
            assert.equal(r.pack.policies, 26);
            assert.ok(r.resources.length > 150);
        });
    }

    const mutations: { name: string; file: string; find: string; replace: string; policy: string; message: RegExp }[] = [
        {
            name: "an open security group",
            file: "components/network.ts",
            find: `{ protocol: "tcp", fromPort: 443, toPort: 443, securityGroups: [this.endpointSecurityGroup.id], description: "HTTPS to interface endpoints" },`,
            replace: `{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] },`,
            policy: "ec2-security-group-disallow-public-egress",
            message: /allows egress to the internet \(0\.0\.0\.0\/0\)/,
        },
        { name: "a Lambda without tracing", file: "components/supervised-function.ts", find: `tracingConfig: { mode: "Active" },`, replace: `tracingConfig: { mode: "PassThrough" },`, policy: "lambda-function-enable-tracing", message: /does not have active tracing/ },
        { name: "a missing tag", file: "lib/tags.ts", find: `        env: scope.env,\n`, replace: "", policy: "all-resources-enforce-mandatory-tags", message: /lacks the tag env/ },
        { name: "no budget", file: "components/cost-controls.ts", find: "for (const b of args.budgets) {", replace: "for (const b of args.budgets.slice(0, 0)) {", policy: "budgets-budget-enforce-coverage", message: /no budget with notifications/ },
        { name: "a Map without MaxConcurrency", file: "lib/state-machine-definition.ts", find: "MaxConcurrency: args.mapMaxConcurrency,", replace: "MaxConcurrency: 0,", policy: "sfn-state-machine-configure-concurrency", message: /Map state 'Run subagents' has no MaxConcurrency/ },
        {
            name: "a subagent role writing repos/*",
            file: "lib/iam-documents.ts",
            find: `{ Sid: "WriteOwnPatches", Effect: "Allow", Action: "s3:PutObject", Resource: b.arns.object(b.bucket, keyPatterns.agentPatches(f.repo, f.agent)) },`,
            replace: `{ Sid: "WriteOwnPatches", Effect: "Allow", Action: "s3:PutObject", Resource: [b.arns.object(b.bucket, keyPatterns.agentPatches(f.repo, f.agent)), b.arns.object(b.bucket, keyPatterns.conductor(f.repo))] },`,
            policy: "iam-role-policy-enforce-patch-only-writes",
            message: /writes patches and also arn:aws:s3:::supervisor-dev-artifacts-123456789012\/repos\/web-app\/conductor\/\*/,
        },
        { name: "a NAT gateway", file: "components/network.ts", find: `        this.interfaceEndpoints = endpoints;`, replace: `        this.interfaceEndpoints = endpoints;\n        new aws.ec2.NatGateway(\`\${name}-nat\`, { subnetId: this.privateSubnetIds[0], connectivityType: "private", tags }, { parent: this });`, policy: "ec2-gateway-disallow-internet", message: /is a NAT gateway, a path to the internet/ },
        { name: "the merge step skipped", file: "lib/state-machine-definition.ts", find: "Next: STATE_NAMES.merge,\n            },", replace: "Next: STATE_NAMES.done,\n            },", policy: "sfn-state-machine-enforce-merge-step", message: /ends after the subagents without passing the merge step/ },
    ];

    for (const m of mutations) {
        it(`catches ${m.name}`, async () => {
            const copy = copyProgram();
            try {
                copy.patch(m.file, m.find, m.replace);
                const r = await runGate({ programDir: copy.dir, stack: "dev", known: false, packDir: PACK }, undefined, server);
                const hits = r.violations.filter((v) => v.policy === m.policy && v.enforcementLevel === "mandatory");
                assert.ok(hits.length > 0, `${m.policy} did not fire; violations: ${JSON.stringify(r.violations.map((v) => v.policy))}`);
                assert.ok(hits.some((h) => m.message.test(h.message)), hits.map((h) => h.message).join("\n"));
                assert.ok(r.mandatory > 0);
            } finally {
                copy.dispose();
            }
        });
    }
});
