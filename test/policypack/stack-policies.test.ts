/** Every stack policy: a compliant stack passes, and each violating case changes one thing. */
import { strict as assert } from "node:assert";
import { budgetsBudgetEnforceCoverage } from "../../policypack/policies/budgets/budgets-budget-enforce-coverage";
import { cloudwatchAlarmsMissingForSupervisor } from "../../policypack/policies/cloudwatch/cloudwatch-alarms-missing-for-supervisor";
import { iamRolePolicyEnforceConductorWriters } from "../../policypack/policies/artifact/iam-role-policy-enforce-conductor-writers";
import { s3BucketEnforcePrivateEncrypted } from "../../policypack/policies/s3/s3-bucket-enforce-private-encrypted";
import { secretsmanagerSecretEnableRotation } from "../../policypack/policies/secretsmanager/secretsmanager-secret-enable-rotation";
import { type FakeResource, runStackPolicy } from "./helpers";

const tags = (repo: string, agent: string) => ({ tags: { repo, agent, env: "dev" } });
const budget = (name: string, values: string[]): FakeResource => ({ type: "aws:budgets/budget:Budget", name, props: { costFilters: [{ name: "TagKeyValue", values }], notifications: [{ threshold: 100 }] } });

describe("policy pack: stack policies", () => {
    describe(budgetsBudgetEnforceCoverage.name, () => {
        const queue: FakeResource = { type: "aws:sqs/queue:Queue", name: "q", props: tags("web", "web.coder") };
        it("passes when every repo and agent value is covered", async () => {
            assert.deepEqual(await runStackPolicy(budgetsBudgetEnforceCoverage, [queue, budget("b1", ["user:repo$web"]), budget("b2", ["user:agent$web.coder"])]), []);
        });
        it("reports an uncovered agent", async () => {
            assert.deepEqual(await runStackPolicy(budgetsBudgetEnforceCoverage, [queue, budget("b1", ["user:repo$web"])]), ["No budget covers agent=web.coder; add a budget whose TagKeyValue filter includes 'user:agent$web.coder'."]);
        });
        it("reports a stack without budgets", async () => {
            assert.deepEqual(await runStackPolicy(budgetsBudgetEnforceCoverage, [queue]), ["The stack has no budget with notifications; add an aws.budgets.Budget with at least one notification."]);
        });
    });

    describe(secretsmanagerSecretEnableRotation.name, () => {
        const secret: FakeResource = { type: "aws:secretsmanager/secret:Secret", name: "s", props: { name: "x" } };
        it("passes a secret with a rotation", async () => {
            assert.deepEqual(await runStackPolicy(secretsmanagerSecretEnableRotation, [secret, { type: "aws:secretsmanager/secretRotation:SecretRotation", name: "r", props: { rotationRules: { automaticallyAfterDays: 30 } }, dependencies: ["s"] }]), []);
        });
        it("reports a secret without rotation", async () => {
            assert.deepEqual(await runStackPolicy(secretsmanagerSecretEnableRotation, [secret]), ["Secret s has no rotation; add a SecretRotation with a rotation function."]);
        });
    });

    describe(s3BucketEnforcePrivateEncrypted.name, () => {
        const bucket: FakeResource = { type: "aws:s3/bucket:Bucket", name: "b", props: {} };
        const pab: FakeResource = { type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", name: "pab", props: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, dependencies: ["b"] };
        const sse: FakeResource = { type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", name: "sse", props: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] }, dependencies: ["b"] };
        it("passes a private, KMS-encrypted bucket", async () => assert.deepEqual(await runStackPolicy(s3BucketEnforcePrivateEncrypted, [bucket, pab, sse]), []));
        it("reports a missing public access block", async () => {
            assert.deepEqual(await runStackPolicy(s3BucketEnforcePrivateEncrypted, [bucket, sse]), ["Bucket b does not block all public access; add a BucketPublicAccessBlock with all four flags true."]);
        });
        it("reports S3-managed encryption when KMS is required", async () => {
            const aes = { ...sse, props: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] } };
            assert.deepEqual(await runStackPolicy(s3BucketEnforcePrivateEncrypted, [bucket, pab, aes]), ["Bucket b is encrypted with AES256, not KMS; use sseAlgorithm aws:kms with a customer-managed key."]);
        });
    });

    describe(cloudwatchAlarmsMissingForSupervisor.name, () => {
        const sm: FakeResource = { type: "aws:sfn/stateMachine:StateMachine", name: "sm", props: { name: "sup" } };
        const alarm = (name: string, namespace: string, metricName: string, dimensions: Record<string, string> = {}): FakeResource => ({ type: "aws:cloudwatch/metricAlarm:MetricAlarm", name, props: { namespace, metricName, dimensions } });
        const all = [
            sm,
            alarm("f", "AWS/States", "ExecutionsFailed", { StateMachineArn: "arn:aws:states:us-east-1:1:stateMachine:sup" }),
            alarm("i", "SubagentSupervisor", "InputTokens"),
            alarm("o", "SubagentSupervisor", "OutputTokens"),
            alarm("l", "SubagentSupervisor", "LoopsDetected"),
        ];
        it("passes with every alarm", async () => assert.deepEqual(await runStackPolicy(cloudwatchAlarmsMissingForSupervisor, all), []));
        it("reports a state machine without a failed-executions alarm", async () => {
            assert.deepEqual(await runStackPolicy(cloudwatchAlarmsMissingForSupervisor, all.filter((r) => r.name !== "f")), ["State machine sm has no ExecutionsFailed alarm; add one on AWS/States ExecutionsFailed for its ARN."]);
        });
        it("reports a DLQ without a depth alarm", async () => {
            const q: FakeResource = { type: "aws:sqs/queue:Queue", name: "q", props: { name: "main", redrivePolicy: JSON.stringify({ deadLetterTargetArn: "arn:aws:sqs:us-east-1:1:dead" }) } };
            const dlq: FakeResource = { type: "aws:sqs/queue:Queue", name: "dlq", props: { name: "dead" } };
            assert.deepEqual(await runStackPolicy(cloudwatchAlarmsMissingForSupervisor, [...all, q, dlq]), ["Dead-letter queue dlq has no depth alarm; add one on ApproximateNumberOfMessagesVisible > 0."]);
        });
    });

    describe(iamRolePolicyEnforceConductorWriters.name, () => {
        const role = (name: string, kind: string): FakeResource => ({ type: "aws:iam/role:Role", name, props: { name, tags: { "supervisor-role": kind } } });
        const writes = (name: string, roleName: string): FakeResource => ({ type: "aws:iam/rolePolicy:RolePolicy", name, props: { role: roleName, policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::b/repos/web/conductor/*" }] }) } });
        it("lets the merge role write Conductor artifacts", async () => assert.deepEqual(await runStackPolicy(iamRolePolicyEnforceConductorWriters, [role("m", "merge"), writes("mp", "m")]), []));
        it("reports a subagent role that writes them", async () => {
            assert.deepEqual(await runStackPolicy(iamRolePolicyEnforceConductorWriters, [role("s", "subagent"), writes("sp", "s")]), [
                "sp lets role s (supervisor-role=subagent) write arn:aws:s3:::b/repos/web/conductor/*; only merge and uploader roles may write Conductor artifacts.",
            ]);
        });
    });
});
