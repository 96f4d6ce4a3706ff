/**
 * Every resource policy: a compliant resource passes, and each violating case changes one
 * property and expects the exact message.
 */
import { strict as assert } from "node:assert";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { ec2GatewayDisallowInternet } from "../../policypack/policies/ec2/ec2-gateway-disallow-internet";
import { ec2SecurityGroupDisallowPublicEgress } from "../../policypack/policies/ec2/ec2-security-group-disallow-public-egress";
import { ec2SubnetDisallowPublicIp } from "../../policypack/policies/ec2/ec2-subnet-disallow-public-ip";
import { ecsTaskDefinitionDisallowSecretEnvironment } from "../../policypack/policies/ecs/ecs-task-definition-disallow-secret-environment";
import { ecsTaskDefinitionEnforceAwsvpc } from "../../policypack/policies/ecs/ecs-task-definition-enforce-awsvpc";
import { iamPolicyConfigurePassrole } from "../../policypack/policies/iam/iam-policy-configure-passrole";
import { iamPolicyDisallowWildcardAction } from "../../policypack/policies/iam/iam-policy-disallow-wildcard-action";
import { iamPolicyDisallowWildcardResource } from "../../policypack/policies/iam/iam-policy-disallow-wildcard-resource";
import { iamRoleDisallowAdminAttachments } from "../../policypack/policies/iam/iam-role-disallow-admin-attachments";
import { iamRolePolicyEnforcePatchOnlyWrites } from "../../policypack/policies/artifact/iam-role-policy-enforce-patch-only-writes";
import { cloudwatchLogGroupConfigureRetention } from "../../policypack/policies/cloudwatch/cloudwatch-log-group-configure-retention";
import { lambdaEventSourceMappingConfigureMaxConcurrency } from "../../policypack/policies/lambda/lambda-event-source-mapping-configure-max-concurrency";
import { lambdaFunctionConfigureReservedConcurrency } from "../../policypack/policies/lambda/lambda-function-configure-reserved-concurrency";
import { lambdaFunctionDisallowSecretEnvironment } from "../../policypack/policies/lambda/lambda-function-disallow-secret-environment";
import { lambdaFunctionEnableTracing } from "../../policypack/policies/lambda/lambda-function-enable-tracing";
import { lambdaFunctionEnforceVpc } from "../../policypack/policies/lambda/lambda-function-enforce-vpc";
import { sfnStateMachineConfigureConcurrency } from "../../policypack/policies/sfn/sfn-state-machine-configure-concurrency";
import { sfnStateMachineEnableLogging } from "../../policypack/policies/sfn/sfn-state-machine-enable-logging";
import { sfnStateMachineEnableTracing } from "../../policypack/policies/sfn/sfn-state-machine-enable-tracing";
import { sfnStateMachineEnforceMergeStep } from "../../policypack/policies/sfn/sfn-state-machine-enforce-merge-step";
import { allResourcesEnforceMandatoryTags } from "../../policypack/policies/tags/all-resources-enforce-mandatory-tags";
import { type FakeResource, runResourcePolicy } from "./helpers";

const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const rolePolicy = (policy: string): FakeResource => ({ type: "aws:iam/rolePolicy:RolePolicy", name: "p", props: { role: "r", policy } });
const fn = (over: Record<string, unknown> = {}): FakeResource => ({
    type: "aws:lambda/function:Function",
    name: "fn",
    props: { vpcConfig: { subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"] }, tracingConfig: { mode: "Active" }, reservedConcurrentExecutions: 4, environment: { variables: { SECRET_ARN: "arn:aws:secretsmanager:us-east-1:1:secret:x" } }, tags: { agent: "a", repo: "r", env: "dev" }, ...over },
});
const definition = (over: Record<string, unknown> = {}) =>
    JSON.stringify({
        StartAt: "Ctx",
        TimeoutSeconds: 600,
        States: {
            Ctx: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:1:function:x-context", TimeoutSeconds: 60, Next: "Map" },
            Map: { Type: "Map", MaxConcurrency: 4, ItemProcessor: { StartAt: "A", States: { A: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:1:function:x-agent", TimeoutSeconds: 60, End: true } } }, Next: "Merge" },
            Merge: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:1:function:x-merge", TimeoutSeconds: 60, Next: "Done" },
            Done: { Type: "Succeed" },
            ...over,
        },
    });
const machine = (props: Record<string, unknown> = {}): FakeResource => ({
    type: "aws:sfn/stateMachine:StateMachine",
    name: "sm",
    props: { definition: definition(), tracingConfiguration: { enabled: true }, loggingConfiguration: { level: "ALL", includeExecutionData: true, logDestination: "arn:aws:logs:us-east-1:1:log-group:x:*" }, ...props },
});

const cases: { policy: ResourceValidationPolicy; compliant: FakeResource; violations: [string, FakeResource, string[]][] }[] = [
    {
        policy: iamPolicyDisallowWildcardAction,
        compliant: rolePolicy(doc({ Sid: "S", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" })),
        violations: [
            ["'*' action", rolePolicy(doc({ Sid: "S", Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::b/*" })), ["p: statement S allows '*'; list the exact actions instead."]],
            ["service:*", rolePolicy(doc({ Sid: "S", Effect: "Allow", Action: ["s3:*"], Resource: "arn:aws:s3:::b/*" })), ["p: statement S allows 's3:*'; list the exact actions instead."]],
        ],
    },
    {
        policy: iamPolicyDisallowWildcardResource,
        compliant: rolePolicy(doc({ Sid: "X", Effect: "Allow", Action: "xray:PutTraceSegments", Resource: "*" }, { Sid: "M", Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*", Condition: { StringEquals: { "cloudwatch:namespace": "N" } } })),
        violations: [["s3:GetObject on *", rolePolicy(doc({ Sid: "S", Effect: "Allow", Action: "s3:GetObject", Resource: "*" })), ["p: statement S allows 's3:GetObject' on every resource ('*'), but the action can be scoped; name the resources instead."]]],
    },
    {
        policy: iamRoleDisallowAdminAttachments,
        compliant: { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "att", props: { policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" } },
        violations: [["FullAccess", { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "att", props: { policyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" } }, ["att: attaches arn:aws:iam::aws:policy/AmazonS3FullAccess; use a least-privilege inline policy instead."]]],
    },
    {
        policy: iamPolicyConfigurePassrole,
        compliant: rolePolicy(doc({ Sid: "P", Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::1:role/task", Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } })),
        violations: [
            ["no condition", rolePolicy(doc({ Sid: "P", Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::1:role/task" })), ["p: statement P allows iam:PassRole without an iam:PassedToService condition; name the service that receives the role."]],
            ["any role", rolePolicy(doc({ Sid: "P", Effect: "Allow", Action: "iam:PassRole", Resource: "*", Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } })), ["p: statement P lets iam:PassRole pass any role; name the roles."]],
        ],
    },
    {
        policy: ec2GatewayDisallowInternet,
        compliant: { type: "aws:ec2/vpcEndpoint:VpcEndpoint", name: "ep", props: {} },
        violations: [["internet gateway", { type: "aws:ec2/internetGateway:InternetGateway", name: "igw", props: {} }, ["igw is an internet gateway, a path to the internet; use VPC endpoints, or name it in allowedPublicEgress."]]],
    },
    {
        policy: ec2SubnetDisallowPublicIp,
        compliant: { type: "aws:ec2/subnet:Subnet", name: "s", props: { mapPublicIpOnLaunch: false } },
        violations: [["public IP", { type: "aws:ec2/subnet:Subnet", name: "s", props: { mapPublicIpOnLaunch: true } }, ["s maps public IPs on launch; set mapPublicIpOnLaunch: false."]]],
    },
    {
        policy: ec2SecurityGroupDisallowPublicEgress,
        compliant: { type: "aws:ec2/securityGroup:SecurityGroup", name: "sg", props: { egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: ["pl-1"] }] } },
        violations: [["::/0", { type: "aws:ec2/securityGroup:SecurityGroup", name: "sg", props: { egress: [{ protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] }] } }, ["sg allows egress to the internet (::/0); allow only the VPC endpoints and the S3 prefix list."]]],
    },
    { policy: lambdaFunctionEnforceVpc, compliant: fn(), violations: [["no VPC", fn({ vpcConfig: undefined }), ["fn is not in a VPC; set vpcConfig with the private subnets and the compute security group."]]] },
    { policy: lambdaFunctionEnableTracing, compliant: fn(), violations: [["no tracing", fn({ tracingConfig: undefined }), ["fn does not have active tracing; set tracingConfig: { mode: 'Active' }."]]] },
    {
        policy: lambdaFunctionConfigureReservedConcurrency,
        compliant: fn(),
        violations: [
            ["none", fn({ reservedConcurrentExecutions: undefined }), ["fn has no reserved concurrency; set reservedConcurrentExecutions to cap its parallelism."]],
            ["too many", fn({ reservedConcurrentExecutions: 500 }), ["fn has reserved concurrency 500; use 1 to 100."]],
        ],
    },
    {
        policy: lambdaFunctionDisallowSecretEnvironment,
        compliant: fn(),
        violations: [
            ["key-shaped value", fn({ environment: { variables: { AWS_ACCESS_KEY_ID: "AKIAABCDEFGHIJKLMNOP" } } }), ["fn: environment variable AWS_ACCESS_KEY_ID looks like an inline secret (its value looks like an AWS access key id); put it in Secrets Manager and pass its ARN."]],
            ["secret name", fn({ environment: { variables: { API_KEY: "hunter2" } } }), ["fn: environment variable API_KEY looks like an inline secret (its name says it holds a secret and it has a literal value); put it in Secrets Manager and pass its ARN."]],
        ],
    },
    {
        policy: lambdaEventSourceMappingConfigureMaxConcurrency,
        compliant: { type: "aws:lambda/eventSourceMapping:EventSourceMapping", name: "m", props: { eventSourceArn: "arn:aws:sqs:us-east-1:1:q", scalingConfig: { maximumConcurrency: 2 }, functionResponseTypes: ["ReportBatchItemFailures"] } },
        violations: [["no cap", { type: "aws:lambda/eventSourceMapping:EventSourceMapping", name: "m", props: { eventSourceArn: "arn:aws:sqs:us-east-1:1:q", functionResponseTypes: ["ReportBatchItemFailures"] } }, ["m has no maximum concurrency; set scalingConfig.maximumConcurrency."]]],
    },
    {
        policy: ecsTaskDefinitionEnforceAwsvpc,
        compliant: { type: "aws:ecs/taskDefinition:TaskDefinition", name: "td", props: { networkMode: "awsvpc" } },
        violations: [["bridge", { type: "aws:ecs/taskDefinition:TaskDefinition", name: "td", props: { networkMode: "bridge" } }, ["td uses network mode bridge; use awsvpc so the task runs in the private subnets."]]],
    },
    {
        policy: ecsTaskDefinitionDisallowSecretEnvironment,
        compliant: { type: "aws:ecs/taskDefinition:TaskDefinition", name: "td", props: { containerDefinitions: JSON.stringify([{ name: "c", environment: [{ name: "SECRET_ARN", value: "arn:aws:secretsmanager:x" }] }]) } },
        violations: [["token", { type: "aws:ecs/taskDefinition:TaskDefinition", name: "td", props: { containerDefinitions: JSON.stringify([{ name: "c", environment: [{ name: "GH", value: `ghp_${"a".repeat(36)}` }] }]) } }, ["td: container c environment variable GH looks like an inline secret (its value looks like a GitHub token); use the container's secrets or pass a Secrets Manager ARN."]]],
    },
    {
        policy: allResourcesEnforceMandatoryTags,
        compliant: { type: "aws:sqs/queue:Queue", name: "q", props: { tags: { agent: "a", repo: "r", env: "dev" } } },
        violations: [["missing", { type: "aws:sqs/queue:Queue", name: "q", props: { tags: { agent: "a" } } }, ["q (aws:sqs/queue:Queue) lacks the tags repo, env; add them so its cost is attributed."]]],
    },
    {
        policy: cloudwatchLogGroupConfigureRetention,
        compliant: { type: "aws:cloudwatch/logGroup:LogGroup", name: "lg", props: { retentionInDays: 30 } },
        violations: [["forever", { type: "aws:cloudwatch/logGroup:LogGroup", name: "lg", props: {} }, ["lg keeps logs forever; set retentionInDays."]]],
    },
    { policy: sfnStateMachineEnableTracing, compliant: machine(), violations: [["off", machine({ tracingConfiguration: { enabled: false } }), ["sm does not trace; set tracingConfiguration: { enabled: true }."]]] },
    {
        policy: sfnStateMachineEnableLogging,
        compliant: machine(),
        violations: [["ERROR level", machine({ loggingConfiguration: { level: "ERROR", includeExecutionData: true, logDestination: "x" } }), ["sm does not log every event with execution data; set loggingConfiguration level ALL, includeExecutionData true and a logDestination."]]],
    },
    {
        policy: sfnStateMachineConfigureConcurrency,
        compliant: machine(),
        violations: [
            ["uncapped Map", machine({ definition: definition({ Map: { Type: "Map", ItemProcessor: { StartAt: "A", States: { A: { Type: "Succeed" } } }, Next: "Merge" } }) }), ["sm: Map state 'Map' has no MaxConcurrency (0 means unlimited); set it to cap parallel subagents."]],
            ["Task without timeout", machine({ definition: definition({ Merge: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:1:function:x-merge", Next: "Done" } }) }), ["sm: Task state 'Merge' has no TimeoutSeconds; set one."]],
        ],
    },
    {
        policy: sfnStateMachineEnforceMergeStep,
        compliant: machine(),
        violations: [["bypass", machine({ definition: definition({ Map: { Type: "Map", MaxConcurrency: 2, ItemProcessor: { StartAt: "A", States: { A: { Type: "Succeed" } } }, Next: "Done" } }) }), ["sm: the path Ctx -> Map -> Done ends after the subagents without passing the merge step."]]],
    },
    {
        policy: iamRolePolicyEnforcePatchOnlyWrites,
        compliant: rolePolicy(doc({ Sid: "W", Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::b/runs/r--*/patches/*/coder.patch" })),
        violations: [["also context", rolePolicy(doc({ Sid: "W", Effect: "Allow", Action: "s3:PutObject", Resource: ["arn:aws:s3:::b/runs/r--*/patches/*/coder.patch", "arn:aws:s3:::b/runs/r--*/context/*"] })), ["p writes patches and also arn:aws:s3:::b/runs/r--*/context/*; a subagent may write only runs/<run>/patches/<task>/<agent>.patch keys."]]],
    },
];

describe("policy pack: resource policies", () => {
    for (const c of cases) {
        describe(c.policy.name, () => {
            it("passes a compliant resource", async () => assert.deepEqual(await runResourcePolicy(c.policy, c.compliant), []));
            for (const [what, resource, expected] of c.violations) {
                it(`reports ${what}`, async () => assert.deepEqual(await runResourcePolicy(c.policy, resource), expected));
            }
        });
    }
    it("names every policy with a verb and registers it as mandatory", () => {
        for (const c of cases) {
            assert.match(c.policy.name, /-(disallow|enable|configure|enforce|missing)-/);
            assert.equal(c.policy.enforcementLevel, "mandatory");
        }
    });
});
