/**
 * The supervisor state machine, as a pure function of names and ARNs known at preview (so the
 * gates can read it during `pulumi preview`, and the local run executes exactly this document).
 *
 * Both patterns share the frame:
 *
 *   Snapshot context -> Any tasks? -(none)-> Nothing to dispatch (Succeed)
 *                                   \-> <pattern Map> -> Merge patches -> Done (Succeed)
 *   any failure of the frame -> Run failed (Fail)
 *
 * - parallel: a Map over the pending tasks (MaxConcurrency from config); each item routes to the
 *   agent the context step picked for it.
 * - arbiter: a Map over the tasks; each item runs K candidate agents in a Parallel state, then the
 *   arbiter picks one.
 *
 * Every Task state has TimeoutSeconds (and HeartbeatSeconds for Fargate), Retry with backoff and
 * full jitter on throttling and transient faults, and a Catch that records the failure as a
 * `TaskFailure` result instead of losing it. The merge step sees every task's result.
 */
import { HandlerErrors, RETRYABLE_ECS_ERRORS, RETRYABLE_ERRORS } from "../runtime/contracts";

export interface LambdaAgentTarget {
    readonly name: string;
    readonly kind: "lambda";
    readonly timeoutSeconds: number;
    readonly functionArn: string;
}

export interface FargateAgentTarget {
    readonly name: string;
    readonly kind: "fargate";
    readonly timeoutSeconds: number;
    /** Non-critical agents run on Fargate Spot first, then on demand if Spot is interrupted. */
    readonly spot: boolean;
    readonly clusterArn: string;
    readonly taskDefinitionArn: string;
    readonly containerName: string;
}

export type AgentTarget = LambdaAgentTarget | FargateAgentTarget;

export interface DefinitionArgs {
    readonly repo: string;
    readonly pattern: "parallel" | "arbiter";
    /** Arbiter: the first `candidates` agents work every task. */
    readonly candidates: number;
    readonly mapMaxConcurrency: number;
    readonly executionTimeoutSeconds: number;
    readonly functions: { readonly context: string; readonly merge: string; readonly arbiter: string };
    /** Timeouts of the supervisor's own functions. */
    readonly stepTimeoutSeconds: { readonly context: number; readonly merge: number; readonly arbiter: number };
    readonly agents: readonly AgentTarget[];
}

/** Seconds between heartbeats a Fargate agent must keep (it beats every 30 s). */
export const FARGATE_HEARTBEAT_SECONDS = 120;
/** Slack on top of a function's own timeout, for cold start and the Lambda service. */
const TIMEOUT_SLACK_SECONDS = 30;

type State = Record<string, unknown>;

export const STATE_NAMES = {
    snapshot: "Snapshot context",
    anyTasks: "Any tasks?",
    nothing: "Nothing to dispatch",
    map: "Run subagents",
    route: "Route to agent",
    unknownAgent: "Unknown agent",
    candidates: "Run candidates",
    arbiter: "Arbitrate",
    arbiterFailed: "Record arbiter failure",
    merge: "Merge patches",
    done: "Done",
    runFailed: "Run failed",
} as const;

/** Retry with exponential backoff and full jitter on throttling and transient faults. */
function lambdaRetry(): State[] {
    return [
        { ErrorEquals: [...RETRYABLE_ERRORS], IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 5, MaxDelaySeconds: 60, JitterStrategy: "FULL" },
    ];
}

function ecsRetry(): State[] {
    return [{ ErrorEquals: [...RETRYABLE_ECS_ERRORS], IntervalSeconds: 5, BackoffRate: 2, MaxAttempts: 3, MaxDelaySeconds: 60, JitterStrategy: "FULL" }];
}

/** Catch everything into `$.error`, then record a TaskFailure. */
function catchInto(next: string): State[] {
    return [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: next }];
}

/** A Pass state that turns a caught error into a `TaskFailure` result. */
function recordFailure(agent: string): State {
    return {
        Type: "Pass",
        Parameters: { status: "failed", "taskId.$": "$.task.taskId", agent, "error.$": "$.error.Error", "cause.$": "$.error.Cause" },
        End: true,
    };
}

/** The subagent's payload (runtime/contracts.ts `subagentInputSchema`). */
function subagentParameters(agent: string): State {
    return { "runId.$": "$.runId", "repo.$": "$.repo", "track.$": "$.track", "task.$": "$.task", agent };
}

function fargateRunTask(agent: FargateAgentTarget, capacityProvider: "FARGATE" | "FARGATE_SPOT"): State {
    return {
        Cluster: agent.clusterArn,
        TaskDefinition: agent.taskDefinitionArn,
        CapacityProviderStrategy: [{ CapacityProvider: capacityProvider, Weight: 1 }],
        NetworkConfiguration: {
            AwsvpcConfiguration: { "Subnets.$": "$.network.subnets", "SecurityGroups.$": "$.network.securityGroups", AssignPublicIp: "DISABLED" },
        },
        Overrides: {
            ContainerOverrides: [
                {
                    Name: agent.containerName,
                    Environment: [
                        { Name: "TASK_TOKEN", "Value.$": "$$.Task.Token" },
                        { Name: "SUBAGENT_INPUT", "Value.$": "States.JsonToString($.subagentInput)" },
                    ],
                },
            ],
        },
        PropagateTags: "TASK_DEFINITION",
        Tags: [{ Key: "run_id", "Value.$": "$.runId" }],
    };
}

/**
 * The states that run one agent on one task, ending with its PatchPointer or a TaskFailure.
 * `prefix` keeps names unique when the same agent appears in several Parallel branches.
 */
export function agentStates(agent: AgentTarget, prefix: string): { startAt: string; states: Record<string, State> } {
    const run = `${prefix}${agent.name}`;
    const failed = `${prefix}${agent.name} failed`;
    if (agent.kind === "lambda") {
        return {
            startAt: run,
            states: {
                [run]: {
                    Type: "Task",
                    Resource: agent.functionArn,
                    Parameters: subagentParameters(agent.name),
                    TimeoutSeconds: agent.timeoutSeconds + TIMEOUT_SLACK_SECONDS,
                    Retry: lambdaRetry(),
                    Catch: catchInto(failed),
                    End: true,
                },
                [failed]: recordFailure(agent.name),
            },
        };
    }
    const prepare = `${prefix}${agent.name} input`;
    const task = (capacity: "FARGATE" | "FARGATE_SPOT"): State => ({
        Type: "Task",
        Resource: "arn:aws:states:::ecs:runTask.waitForTaskToken",
        Parameters: fargateRunTask(agent, capacity),
        TimeoutSeconds: agent.timeoutSeconds,
        HeartbeatSeconds: FARGATE_HEARTBEAT_SECONDS,
        Retry: ecsRetry(),
    });
    const states: Record<string, State> = {
        [prepare]: { Type: "Pass", Parameters: subagentParameters(agent.name), ResultPath: "$.subagentInput", Next: agent.spot ? `${run} on Spot` : run },
        [failed]: recordFailure(agent.name),
    };
    if (agent.spot) {
        states[`${run} on Spot`] = {
            ...task("FARGATE_SPOT"),
            Catch: [
                // Spot interruption (SIGTERM) or a lost task: run it again on demand.
                { ErrorEquals: [HandlerErrors.SubagentInterrupted, "States.HeartbeatTimeout"], ResultPath: "$.spotError", Next: run },
                ...catchInto(failed),
            ],
            End: true,
        };
    }
    states[run] = { ...task("FARGATE"), Catch: catchInto(failed), End: true };
    return { startAt: prepare, states };
}

function lambdaStep(resource: string, timeoutSeconds: number, parameters: State, rest: State): State {
    return { Type: "Task", Resource: resource, Parameters: parameters, TimeoutSeconds: timeoutSeconds + TIMEOUT_SLACK_SECONDS, Retry: lambdaRetry(), ...rest };
}

function parallelItemProcessor(args: DefinitionArgs): State {
    const states: Record<string, State> = {};
    const choices: State[] = [];
    for (const agent of args.agents) {
        const a = agentStates(agent, "Agent ");
        Object.assign(states, a.states);
        choices.push({ Variable: "$.task.agent", StringEquals: agent.name, Next: a.startAt });
    }
    return {
        ProcessorConfig: { Mode: "INLINE" },
        StartAt: STATE_NAMES.route,
        States: {
            [STATE_NAMES.route]: { Type: "Choice", Choices: choices, Default: STATE_NAMES.unknownAgent },
            [STATE_NAMES.unknownAgent]: {
                Type: "Pass",
                Parameters: { status: "failed", "taskId.$": "$.task.taskId", "agent.$": "$.task.agent", error: "UnknownAgent", cause: "The context step routed the task to an agent this state machine does not run." },
                End: true,
            },
            ...states,
        },
    };
}

function arbiterItemProcessor(args: DefinitionArgs): State {
    const branches = args.agents.slice(0, args.candidates).map((agent, i) => {
        const a = agentStates(agent, `Candidate ${i + 1} `);
        return { StartAt: a.startAt, States: a.states };
    });
    return {
        ProcessorConfig: { Mode: "INLINE" },
        StartAt: STATE_NAMES.candidates,
        States: {
            [STATE_NAMES.candidates]: { Type: "Parallel", Branches: branches, ResultPath: "$.candidates", Next: STATE_NAMES.arbiter },
            [STATE_NAMES.arbiter]: lambdaStep(
                args.functions.arbiter,
                args.stepTimeoutSeconds.arbiter,
                { "runId.$": "$.runId", "repo.$": "$.repo", "task.$": "$.task", "candidates.$": "$.candidates" },
                { Catch: catchInto(STATE_NAMES.arbiterFailed), End: true },
            ),
            [STATE_NAMES.arbiterFailed]: recordFailure("arbiter"),
        },
    };
}

/** Builds the Amazon States Language document for one repo. */
export function buildDefinition(args: DefinitionArgs): Record<string, unknown> {
    if (args.agents.length === 0) throw new Error(`repo ${args.repo}: a state machine needs at least one agent`);
    if (args.pattern === "arbiter" && args.candidates > args.agents.length) {
        throw new Error(`repo ${args.repo}: the arbiter pattern needs ${args.candidates} agents, it has ${args.agents.length}`);
    }
    const failRun = [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: STATE_NAMES.runFailed }];
    return {
        Comment: `Subagent supervisor for ${args.repo} (${args.pattern} pattern). Generated by lib/state-machine-definition.ts.`,
        StartAt: STATE_NAMES.snapshot,
        TimeoutSeconds: args.executionTimeoutSeconds,
        States: {
            [STATE_NAMES.snapshot]: lambdaStep(args.functions.context, args.stepTimeoutSeconds.context, { "runId.$": "$.runId", "repo.$": "$.repo", "track.$": "$.track", "planKey.$": "$.planKey", "planVersionId.$": "$.planVersionId" }, {
                Catch: failRun,
                Next: STATE_NAMES.anyTasks,
            }),
            [STATE_NAMES.anyTasks]: {
                Type: "Choice",
                Choices: [{ Variable: "$.tasks[0]", IsPresent: true, Next: STATE_NAMES.map }],
                Default: STATE_NAMES.nothing,
            },
            [STATE_NAMES.nothing]: { Type: "Succeed", Comment: "The plan has no dispatchable task; the context step's diagnostics say why." },
            [STATE_NAMES.map]: {
                Type: "Map",
                ItemsPath: "$.tasks",
                MaxConcurrency: args.mapMaxConcurrency,
                ItemSelector: { "runId.$": "$.runId", "repo.$": "$.repo", "track.$": "$.track", "network.$": "$.network", "task.$": "$$.Map.Item.Value" },
                ItemProcessor: args.pattern === "arbiter" ? arbiterItemProcessor(args) : parallelItemProcessor(args),
                ResultPath: "$.results",
                Catch: failRun,
                Next: STATE_NAMES.merge,
            },
            [STATE_NAMES.merge]: lambdaStep(args.functions.merge, args.stepTimeoutSeconds.merge, { "runId.$": "$.runId", "repo.$": "$.repo", "track.$": "$.track", "results.$": "$.results" }, {
                Catch: failRun,
                Next: STATE_NAMES.done,
            }),
            [STATE_NAMES.done]: { Type: "Succeed" },
            [STATE_NAMES.runFailed]: { Type: "Fail", Error: "SupervisorRunFailed", Cause: "A supervisor step failed after its retries; see the execution history." },
        },
    };
}
