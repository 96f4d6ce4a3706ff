/**
 * subagent-supervisor: the Pulumi program. `pulumi up -s dev` (or prod) declares the whole cloud
 * subagent supervisor of that environment; `pulumi preview --policy-pack policypack` checks the
 * four gates first. Everything it builds is described in docs/architecture.md.
 */
import * as aws from "@pulumi/aws";
import { FARGATE_ENTRY } from "./components/agent-cluster";
import { loadConfig } from "./config";
import { prebundle } from "./lib/bundle";
import { HANDLER_ENTRIES } from "./runtime/handler-env";
import { SubagentSupervisor } from "./components/subagent-supervisor";

export = async () => {
    // Config first: a wrong config fails here, before any resource is registered.
    const config = loadConfig();
    // Invokes run during preview too, so ARNs built from these are known at preview.
    const [identity, partition] = await Promise.all([
        aws.getCallerIdentity(),
        aws.getPartition(),
        // The handlers are bundled at preview time, all at once (lib/bundle.ts).
        prebundle([...HANDLER_ENTRIES.map((e) => `handlers/${e}.ts`), FARGATE_ENTRY]),
    ]);
    const supervisor = new SubagentSupervisor("supervisor", { config, aws: { accountId: identity.accountId, partition: partition.partition, region: config.region } });
    return {
        bucketName: supervisor.bucketName,
        stateMachineArns: supervisor.stateMachineArns,
        queueName: supervisor.queueName,
        alertsTopicArn: supervisor.alertsTopicArn,
        uploaderRoleArn: supervisor.uploaderRoleArn,
    };
};
