/**
 * The whole program under strict mocks, as a first preview (computed outputs unknown) and as an
 * update, for both stacks: the properties the gates depend on, asserted on what was registered.
 */
import { strict as assert } from "node:assert";
import { containsUnknown, UNKNOWN } from "../../harness/mocks";
import { type ProgramRun, ProgramError, type RecordedResource, runProgram } from "../../harness/run-program";
import { INTERFACE_ENDPOINT_SERVICES } from "../../components/network";
import { copyProgram, PROJECT_ROOT } from "../helpers/program-copy";
import { isTaggable, ofType } from "../helpers/resources";

const validateAsl = require("asl-validator") as (d: unknown) => { isValid: boolean; errors: unknown[] };

type State = Record<string, any>;
/** Every state of a definition, including those inside Map processors and Parallel branches. */
function allStates(def: State): [string, State][] {
    const out: [string, State][] = [];
    for (const [name, s] of Object.entries<State>(def.States)) {
        out.push([name, s]);
        if (s.Type === "Map") out.push(...allStates(s.ItemProcessor ?? s.Iterator));
        if (s.Type === "Parallel") for (const b of s.Branches) out.push(...allStates(b));
    }
    return out;
}

const runs: Record<string, ProgramRun> = {};
const stacks = ["dev", "prod"] as const;

describe("program (strict mocks)", function () {
    this.timeout(180_000);

    before(async () => {
        for (const stack of stacks) {
            runs[`${stack}-preview`] = await runProgram({ programDir: PROJECT_ROOT, stack, known: false });
        }
        runs["dev-update"] = await runProgram({ programDir: PROJECT_ROOT, stack: "dev", known: true });
    });

    for (const stack of stacks) {
        describe(`${stack} stack, first preview`, () => {
            const res = () => runs[`${stack}-preview`].resources;
            const custom = () => res().filter((r) => r.custom);

            it("has no internet or NAT gateway, no public subnet and no public egress", () => {
                for (const t of ["aws:ec2/internetGateway:InternetGateway", "aws:ec2/natGateway:NatGateway", "aws:ec2/eip:Eip", "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway"]) {
                    assert.equal(ofType(res(), t).length, 0, t);
                }
                const subnets = ofType(res(), "aws:ec2/subnet:Subnet");
                assert.ok(subnets.length >= 2);
                for (const s of subnets) assert.equal(s.inputs.mapPublicIpOnLaunch, false);
                for (const sg of ofType(res(), "aws:ec2/securityGroup:SecurityGroup")) {
                    for (const rule of (sg.inputs.egress as any[]) ?? []) {
                        assert.ok(!(rule.cidrBlocks ?? []).includes("0.0.0.0/0"), `${sg.name} egress to 0.0.0.0/0`);
                        assert.ok(!(rule.ipv6CidrBlocks ?? []).includes("::/0"), `${sg.name} egress to ::/0`);
                    }
                }
            });

            it("reaches every AWS API through private endpoints limited to this account", () => {
                const endpoints = ofType(res(), "aws:ec2/vpcEndpoint:VpcEndpoint");
                for (const service of INTERFACE_ENDPOINT_SERVICES) {
                    const e = endpoints.find((x) => x.inputs.serviceName === `com.amazonaws.us-east-1.${service}`);
                    assert.ok(e, `endpoint for ${service}`);
                    assert.equal(e!.inputs.vpcEndpointType, "Interface");
                    assert.equal(e!.inputs.privateDnsEnabled, true);
                    assert.match(String(e!.inputs.policy), /aws:PrincipalAccount/);
                }
                assert.ok(endpoints.some((e) => e.inputs.serviceName === "com.amazonaws.us-east-1.s3" && e.inputs.vpcEndpointType === "Gateway"));
            });

            it("keeps the artifact bucket versioned, KMS-encrypted, private, TLS-only, with runs/ expiring", () => {
                assert.equal((ofType(res(), "aws:s3/bucketVersioning:BucketVersioning")[0].inputs.versioningConfiguration as any).status, "Enabled");
                const sse = ofType(res(), "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")[0].inputs.rules as any[];
                assert.equal(sse[0].applyServerSideEncryptionByDefault.sseAlgorithm, "aws:kms");
                const pab = ofType(res(), "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")[0].inputs;
                for (const k of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) assert.equal(pab[k], true, k);
                const policy = JSON.parse(String(ofType(res(), "aws:s3/bucketPolicy:BucketPolicy")[0].inputs.policy));
                assert.ok(policy.Statement.some((s: any) => s.Effect === "Deny" && s.Condition?.Bool?.["aws:SecureTransport"] === false));
                const rules = ofType(res(), "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")[0].inputs.rules as any[];
                assert.ok(rules.some((r) => r.filter.prefix === "runs/" && r.expiration.days > 0));
                assert.equal(ofType(res(), "aws:s3/bucketNotification:BucketNotification")[0].inputs.eventbridge, true);
            });

            it("gives every Lambda its own role, VPC placement, active tracing, reserved concurrency and nodejs22.x", () => {
                const fns = ofType(res(), "aws:lambda/function:Function");
                assert.ok(fns.length >= 5);
                const roles = new Set<unknown>();
                for (const f of fns) {
                    assert.deepEqual(f.inputs.tracingConfig, { mode: "Active" }, f.name);
                    assert.ok(Number(f.inputs.reservedConcurrentExecutions) > 0, f.name);
                    assert.ok((f.inputs.vpcConfig as any)?.subnetIds, f.name);
                    assert.equal(f.inputs.runtime, "nodejs22.x");
                    roles.add(f.parent);
                }
                assert.equal(roles.size, fns.length, "one SupervisedFunction (and role) per function");
                assert.equal(ofType(res(), "aws:iam/rolePolicyAttachment:RolePolicyAttachment").length, 0, "no managed policy attachments");
            });

            it("tags every taggable resource with agent, repo and env", () => {
                const tagged = custom().filter((r) => isTaggable(r.type));
                assert.ok(tagged.length > 50);
                for (const r of tagged) {
                    const tags = r.inputs.tags as Record<string, string> | undefined;
                    for (const key of ["agent", "repo", "env"]) assert.ok(tags?.[key], `${r.type} ${r.name} lacks tag ${key}`);
                    assert.equal(tags!.env, stack);
                }
            });

            it("has one budget per repo and per agent, with forecast and actual notifications", () => {
                const budgets = ofType(res(), "aws:budgets/budget:Budget");
                const filters = budgets.flatMap((b) => (b.inputs.costFilters as any[])[0].values as string[]);
                const cfg = require("yaml").parse(require("node:fs").readFileSync(`${PROJECT_ROOT}/Pulumi.${stack}.yaml`, "utf8")).config["supervisor:repos"] as any[];
                for (const repo of cfg) {
                    assert.ok(filters.includes(`user:repo$${repo.name}`), `budget for repo ${repo.name}`);
                    for (const a of repo.agents) assert.ok(filters.includes(`user:agent$${repo.name}.${a.name}`), `budget for agent ${repo.name}.${a.name}`);
                }
                for (const b of budgets) {
                    const n = b.inputs.notifications as any[];
                    assert.ok(n.some((x) => x.notificationType === "FORECASTED" && x.threshold === 80));
                    assert.ok(n.some((x) => x.notificationType === "ACTUAL" && x.threshold === 100));
                }
                assert.equal(ofType(res(), "aws:costexplorer/anomalyMonitor:AnomalyMonitor").length, cfg.reduce((n, r) => n + r.agents.length, 0));
            });

            it("builds valid state machines: timeouts, throttling retries with jitter, capped Maps, the merge step", () => {
                const machines = ofType(res(), "aws:sfn/stateMachine:StateMachine");
                assert.ok(machines.length >= 2);
                for (const m of machines) {
                    assert.equal(typeof m.inputs.definition, "string");
                    const def = JSON.parse(String(m.inputs.definition));
                    assert.deepEqual(validateAsl(def).errors, [], m.name);
                    assert.ok(def.TimeoutSeconds > 0);
                    const states = allStates(def);
                    for (const [name, s] of states.filter(([, s]) => s.Type === "Task")) {
                        assert.ok(s.TimeoutSeconds > 0, `${name} TimeoutSeconds`);
                        assert.ok(s.Catch?.length > 0, `${name} Catch`);
                        if (String(s.Resource).startsWith("arn:aws:lambda")) {
                            const retry = s.Retry.find((r: any) => r.ErrorEquals.includes("Lambda.TooManyRequestsException"));
                            assert.ok(retry && retry.JitterStrategy === "FULL" && retry.BackoffRate > 1, `${name} retries throttling`);
                        } else {
                            assert.ok(s.HeartbeatSeconds > 0, `${name} HeartbeatSeconds`);
                        }
                    }
                    for (const [name, s] of states.filter(([, s]) => s.Type === "Map")) assert.ok(s.MaxConcurrency > 0, `${name} MaxConcurrency`);
                    assert.ok(states.some(([name]) => name === "Merge patches"));
                    assert.equal((m.inputs.loggingConfiguration as any).level, "ALL");
                    assert.equal((m.inputs.loggingConfiguration as any).includeExecutionData, true);
                    assert.deepEqual(m.inputs.tracingConfiguration, { enabled: true });
                }
            });

            it("knows at preview everything the gates read: definitions, IAM documents, tags, names", () => {
                const gated: [string, string][] = [
                    ["aws:sfn/stateMachine:StateMachine", "definition"],
                    ["aws:iam/rolePolicy:RolePolicy", "policy"],
                    ["aws:iam/role:Role", "assumeRolePolicy"],
                    ["aws:s3/bucketPolicy:BucketPolicy", "policy"],
                    ["aws:lambda/function:Function", "reservedConcurrentExecutions"],
                    ["aws:lambda/function:Function", "tracingConfig"],
                    ["aws:ecs/taskDefinition:TaskDefinition", "containerDefinitions"],
                    ["aws:ec2/vpcEndpoint:VpcEndpoint", "policy"],
                ];
                for (const [type, prop] of gated) {
                    for (const r of ofType(res(), type)) assert.ok(!containsUnknown(r.inputs[prop]), `${type} ${r.name}.${prop} is unknown at preview`);
                }
                for (const r of custom()) assert.ok(!containsUnknown(r.inputs.tags), `${r.name} tags unknown`);
                // And the mocks really do simulate a first preview: resource outputs are unknown.
                assert.ok(ofType(res(), "aws:lambda/function:Function").some((f) => (f.inputs.vpcConfig as any).subnetIds.includes(UNKNOWN)));
            });

            it("parents every resource to a component and every component to the supervisor", () => {
                const urns = new Set(res().map((r) => r.urn));
                const roots = res().filter((r) => !r.parent);
                assert.deepEqual(roots.map((r) => r.type), ["supervisor:index:SubagentSupervisor"]);
                for (const r of res().filter((x) => x.parent)) assert.ok(urns.has(r.parent!), `${r.name}'s parent is registered`);
            });
        });
    }

    it("an update (outputs known) registers the same resources as the first preview", () => {
        const names = (rs: RecordedResource[]) => rs.map((r) => `${r.type}::${r.name}`).sort();
        assert.deepEqual(names(runs["dev-update"].resources), names(runs["dev-preview"].resources));
        const fn = ofType(runs["dev-update"].resources, "aws:lambda/function:Function")[0];
        assert.ok(!containsUnknown(fn.inputs), "no unknowns left in an update");
    });

    it("activates cost allocation tags where the config says the account's billing has seen them", () => {
        const keys = (r: ProgramRun) => ofType(r.resources, "aws:costexplorer/costAllocationTag:CostAllocationTag").map((t) => t.inputs.tagKey).sort();
        assert.deepEqual(keys(runs["prod-preview"]), ["agent", "env", "repo", "run_id"]);
        assert.deepEqual(keys(runs["dev-preview"]), []);
    });

    it("bundles handlers deterministically: the same source gives the same code asset", () => {
        const code = (r: ProgramRun) => ofType(r.resources, "aws:lambda/function:Function").map((f) => JSON.stringify(f.inputs.code)).sort();
        assert.deepEqual(code(runs["dev-preview"]), code(runs["dev-update"]));
    });

    it("a wrong config fails before any resource is registered, naming the key and the fix", async () => {
        const copy = copyProgram();
        try {
            const bad = require("node:fs").readFileSync(`${PROJECT_ROOT}/Pulumi.dev.yaml`, "utf8").replace("timeoutSeconds: 300", "timeoutSeconds: 1800");
            copy.write("Pulumi.broken.yaml", bad);
            await assert.rejects(runProgram({ programDir: copy.dir, stack: "broken", known: false }), (e: Error) => {
                assert.ok(e instanceof ProgramError);
                assert.match(e.message, /agents\[coder\]\.timeoutSeconds: 1800 s is over Lambda's 900 s limit; use kind: fargate/);
                return true;
            });
        } finally {
            copy.dispose();
        }
    });
});
