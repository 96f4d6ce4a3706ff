/**
 * Reads, from the resources the program registered, what the local run needs to execute a repo's
 * state machine as deployed: its generated definition and workflow type, and for every Task state
 * the handler, environment and size of the function or Fargate task it invokes. Nothing here is
 * a second hand-written copy: it all comes from the program's own registrations.
 */
import type { RecordedResource } from "../harness/mocks";
import { HANDLER_TAG_KEY } from "../lib/tags";
import type { HandlerEntry } from "../runtime/handler-env";

export interface FunctionBinding {
    readonly kind: "lambda";
    readonly name: string;
    readonly entry: HandlerEntry;
    readonly env: Record<string, string>;
    readonly memoryMb: number;
    readonly timeoutSeconds: number;
}

export interface TaskBinding {
    readonly kind: "fargate";
    readonly family: string;
    readonly env: Record<string, string>;
    readonly memoryMb: number;
    readonly cpuUnits: number;
}

export interface RepoBinding {
    readonly repo: string;
    readonly stateMachineName: string;
    readonly workflowType: "STANDARD" | "EXPRESS";
    readonly definition: Record<string, any>;
    readonly bucket: string;
    /** By function name. */
    readonly functions: ReadonlyMap<string, FunctionBinding>;
    /** By task definition family. */
    readonly tasks: ReadonlyMap<string, TaskBinding>;
}

export class BindingError extends Error {
    override readonly name = "BindingError";
}

function functionsOf(resources: readonly RecordedResource[]): Map<string, FunctionBinding> {
    const out = new Map<string, FunctionBinding>();
    for (const r of resources.filter((x) => x.type === "aws:lambda/function:Function")) {
        const i = r.inputs as any;
        const entry = i.tags?.[HANDLER_TAG_KEY] as HandlerEntry | undefined;
        if (!entry) throw new BindingError(`function ${i.name} has no ${HANDLER_TAG_KEY} tag; the local run cannot tell which handler it runs`);
        out.set(i.name, { kind: "lambda", name: i.name, entry, env: i.environment?.variables ?? {}, memoryMb: i.memorySize ?? 128, timeoutSeconds: i.timeout ?? 3 });
    }
    return out;
}

function tasksOf(resources: readonly RecordedResource[]): Map<string, TaskBinding> {
    const out = new Map<string, TaskBinding>();
    for (const r of resources.filter((x) => x.type === "aws:ecs/taskDefinition:TaskDefinition")) {
        const i = r.inputs as any;
        const containers = JSON.parse(String(i.containerDefinitions)) as { environment?: { name: string; value: string }[] }[];
        const env = Object.fromEntries((containers[0]?.environment ?? []).map((e) => [e.name, e.value]));
        out.set(i.family, { kind: "fargate", family: i.family, env, memoryMb: Number(i.memory), cpuUnits: Number(i.cpu) });
    }
    return out;
}

/** One binding per state machine (repo) of the stack. */
export function bindRepos(resources: readonly RecordedResource[]): Map<string, RepoBinding> {
    const functions = functionsOf(resources);
    const tasks = tasksOf(resources);
    const bucket = resources.find((r) => r.type === "aws:s3/bucket:Bucket")?.inputs.bucket as string | undefined;
    if (!bucket) throw new BindingError("the program registered no artifact bucket");
    const out = new Map<string, RepoBinding>();
    for (const r of resources.filter((x) => x.type === "aws:sfn/stateMachine:StateMachine")) {
        const i = r.inputs as any;
        const repo = i.tags?.repo as string;
        out.set(repo, { repo, stateMachineName: i.name, workflowType: i.type, definition: JSON.parse(String(i.definition)), bucket, functions, tasks });
    }
    return out;
}

/** `arn:...:function:<name>` -> name. */
export function functionNameOf(arn: string): string | undefined {
    return /:function:([^:]+)/.exec(arn)?.[1];
}

/** `arn:...:task-definition/<family>[:rev]` -> family. */
export function taskFamilyOf(arn: string): string | undefined {
    return /:task-definition\/([^:]+)/.exec(arn)?.[1];
}
