/**
 * The environment variables each handler reads, and nothing else. The Pulumi components set them
 * (components/*.ts) and the handlers validate them once at cold start (runtime/env.ts), from this
 * single list. Values are names, ARNs and JSON settings, never secrets: secrets are fetched from
 * Secrets Manager by ARN at run time.
 */
export const HandlerEnv = {
    /** Name of the artifact bucket. */
    ArtifactBucket: "ARTIFACT_BUCKET",
    /** Stack environment (`dev`, `prod`): a metric dimension and log field. */
    EnvName: "SUPERVISOR_ENV",
    /** CloudWatch namespace for the Embedded Metric Format metrics. */
    MetricsNamespace: "METRICS_NAMESPACE",
    /** The repo this function serves. */
    Repo: "SUPERVISOR_REPO",
    /** Subagent: its agent name. */
    Agent: "SUPERVISOR_AGENT",
    /** Subagent and arbiter: the Bedrock model id. */
    ModelId: "MODEL_ID",
    /** `bedrock` (default on AWS) or `recorded` (tests and local runs). */
    ModelProvider: "MODEL_PROVIDER",
    /** Subagent: JSON array of globs its patch may touch. */
    AllowedPaths: "ALLOWED_PATHS",
    /** Subagent: loop-detection caps. */
    MaxIterations: "MAX_ITERATIONS",
    MaxTokensPerTask: "MAX_TOKENS_PER_TASK",
    /** Merge and arbiter: JSON object agent -> globs, for re-validation. */
    AgentAllowedPaths: "AGENT_ALLOWED_PATHS",
    /** Context: JSON object { "<agent>": ["word", ...] } routing rules, and the default agent. */
    AgentRoutes: "AGENT_ROUTES",
    DefaultAgent: "DEFAULT_AGENT",
    /** Context: JSON arrays of subnet and security group ids handed to Fargate tasks. */
    SubnetIds: "SUBNET_IDS",
    SecurityGroupIds: "SECURITY_GROUP_IDS",
    /** Dispatcher: JSON object repo -> state machine ARN. */
    StateMachineArns: "STATE_MACHINE_ARNS",
    /** Dispatcher: JSON object repo -> maximum running executions. */
    MaxRunningExecutions: "MAX_RUNNING_EXECUTIONS",
    /** Subagent: ARN of the repo's integration secret (never its value). */
    SecretArn: "SECRET_ARN",
} as const;
export type HandlerEnvName = (typeof HandlerEnv)[keyof typeof HandlerEnv];

/** Every Lambda entry point under handlers/, bundled by the program (lib/bundle.ts). */
export const HANDLER_ENTRIES = ["context", "subagent", "arbiter", "merge", "dispatcher", "rotate-secret"] as const;
export type HandlerEntry = (typeof HANDLER_ENTRIES)[number];

/** The CloudWatch namespace of the supervisor's own metrics. */
export const METRICS_NAMESPACE = "SubagentSupervisor";

/** Metric names emitted by the handlers (EMF) and watched by the alarms. */
export const Metrics = {
    InputTokens: "InputTokens",
    OutputTokens: "OutputTokens",
    ModelLatency: "ModelLatencyMs",
    PatchBytes: "PatchBytes",
    PatchesRejected: "PatchesRejected",
    LoopsDetected: "LoopsDetected",
    MergeConflicts: "MergeConflicts",
    MalformedEvents: "MalformedEvents",
} as const;

/**
 * The one dimension set every supervisor metric is emitted with (EMF `Dimensions: [[...]]`);
 * the alarms of components/repo-alarms.ts query exactly this set. `agent` is the agent's name
 * within its repo (or `merge`, `dispatcher`, ... for the supervisor's own steps).
 */
export const METRIC_DIMENSIONS = ["env", "repo", "agent"] as const;
