/**
 * Cost-allocation tags. Every taggable resource carries `agent`, `repo` and `env` (the cost gate);
 * shared infrastructure is tagged with the `shared` repo and the `platform` agent so that it, too,
 * is covered by a budget. `run_id` is added at run time to Fargate tasks and metrics.
 */
export const SHARED_REPO = "shared";
export const PLATFORM_AGENT = "platform";

/** The tag keys the cost gate requires, and which are activated as cost allocation tags. */
export const MANDATORY_TAG_KEYS = ["agent", "repo", "env"] as const;
export const COST_ALLOCATION_TAG_KEYS = [...MANDATORY_TAG_KEYS, "run_id"] as const;

/** Names the handler entry (handlers/<entry>.ts) a Lambda function runs. */
export const HANDLER_TAG_KEY = "supervisor-handler";

/** Marks what an IAM role is for; the artifact gate reads it. */
export const ROLE_TAG_KEY = "supervisor-role";
export type SupervisorRole = "subagent" | "merge" | "context" | "arbiter" | "dispatcher" | "state-machine" | "rotation" | "task-execution" | "uploader";

export type Tags = Readonly<Record<string, string>>;

export interface TagScope {
    readonly env: string;
    readonly repo?: string;
    readonly agent?: string;
}

export function tagsFor(scope: TagScope, extra: Tags = {}): Record<string, string> {
    return {
        agent: scope.agent ?? PLATFORM_AGENT,
        repo: scope.repo ?? SHARED_REPO,
        env: scope.env,
        "managed-by": "pulumi",
        project: "subagent-supervisor",
        ...extra,
    };
}

/** The `agent` tag value of a repo's agent: unique across repos so budgets never mix two. */
export function agentTagValue(repo: string, agent: string): string {
    return `${repo}.${agent}`;
}
