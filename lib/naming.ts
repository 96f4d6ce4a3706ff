/**
 * Physical names. Every name is derived from config values only (env, repo, agent), so names,
 * and the ARNs built from them, are known at `pulumi preview`: the policy pack can then decide on
 * them instead of being downgraded to advisory by unknown values (DESIGN.md, "Gates").
 */
import { createHash } from "node:crypto";

/** AWS name limits that matter here. */
export const NAME_LIMITS = {
    lambda: 64,
    iamRole: 64,
    stateMachine: 80,
    sqs: 80,
    bucket: 63,
    ecsFamily: 255,
    ecr: 256,
    budget: 100,
    alarm: 255,
    sns: 256,
    secret: 512,
    securityGroup: 255,
} as const;

/** `supervisor-<env>-<parts...>`, shortened with a stable hash suffix when over `max`. */
export function physicalName(env: string, parts: readonly string[], max: number): string {
    const full = ["supervisor", env, ...parts].join("-");
    if (full.length <= max) return full;
    const hash = createHash("sha256").update(full).digest("hex").slice(0, 7);
    return `${full.slice(0, max - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}

/** Names of the parts of one environment stack. */
export function namesFor(env: string, accountId: string) {
    return {
        bucket: physicalName(env, ["artifacts", accountId], NAME_LIMITS.bucket),
        alertsTopic: physicalName(env, ["alerts"], NAME_LIMITS.sns),
        queue: physicalName(env, ["plan-events"], NAME_LIMITS.sqs),
        deadLetterQueue: physicalName(env, ["plan-events-dlq"], NAME_LIMITS.sqs),
        dispatcher: physicalName(env, ["dispatcher"], NAME_LIMITS.lambda),
        rotation: physicalName(env, ["rotate-secret"], NAME_LIMITS.lambda),
        uploaderRole: physicalName(env, ["uploader"], NAME_LIMITS.iamRole),
        cluster: physicalName(env, ["agents"], 255),
        planRule: physicalName(env, ["plan-created"], 64),
        function: (repo: string, role: string) => physicalName(env, [repo, role], NAME_LIMITS.lambda),
        role: (repo: string, role: string) => physicalName(env, [repo, role], NAME_LIMITS.iamRole),
        stateMachine: (repo: string) => physicalName(env, [repo], NAME_LIMITS.stateMachine),
        taskFamily: (repo: string, agent: string) => physicalName(env, [repo, agent], NAME_LIMITS.ecsFamily),
        ecrRepository: physicalName(env, ["fargate-subagent"], NAME_LIMITS.ecr),
        secret: (repo: string) => `supervisor/${env}/${repo}/integration-token`,
        lambdaLogGroup: (functionName: string) => `/aws/lambda/${functionName}`,
        stateMachineLogGroup: (repo: string) => `/aws/vendedlogs/states/${physicalName(env, [repo], 200)}`,
        taskLogGroup: (repo: string) => `/ecs/${physicalName(env, [repo], 200)}`,
    };
}
export type Names = ReturnType<typeof namesFor>;
