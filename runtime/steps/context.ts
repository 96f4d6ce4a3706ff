/**
 * The context snapshot step: copies the minimal context of a run into `runs/<runId>/context/`,
 * parses the track's plan and returns the tasks to dispatch, each routed to an agent, with the
 * diagnostics that explain anything skipped.
 */
import { type ContextResult, type ExecutionInput, HandlerError, HandlerErrors } from "../contracts";
import { dispatchableTasks, parsePlan, routeTask, toTaskRefs } from "../conductor";
import type { EnvOf } from "../env";
import { HandlerEnv } from "../handler-env";
import { conductorPrefix, contextPrefix } from "../layout";
import type { ArtifactStore } from "../store/store";
import type { Logger } from "../telemetry/logger";
import { contextSelection } from "./context-files";

export interface ContextDeps {
    readonly store: ArtifactStore;
    readonly env: EnvOf<"context">;
    readonly logger: Logger;
}

export function createContextStep(deps: ContextDeps): (input: ExecutionInput) => Promise<ContextResult> {
    const { store, env } = deps;
    return async (input) => {
        const log = deps.logger.with({ run_id: input.runId, repo: input.repo });
        if (input.repo !== env[HandlerEnv.Repo]) throw new HandlerError(HandlerErrors.InvalidPayload, `this context function serves ${env[HandlerEnv.Repo]}, not ${input.repo}`);
        const keys = await store.list(conductorPrefix(input.repo));
        const selection = contextSelection(input.repo, input.track, keys);
        const planPath = `conductor/tracks/${input.track}/plan.md`;
        if (!selection.includes(planPath)) throw new HandlerError(HandlerErrors.ContextMissing, `${input.planKey} is not in the bucket`);

        let plan = "";
        for (const rel of selection) {
            const obj = await store.get(`repos/${input.repo}/${rel}`);
            if (!obj) continue;
            await store.put(`${contextPrefix(input.runId)}${rel}`, obj.body);
            if (rel === planPath) plan = obj.body;
        }
        const parsed = parsePlan(plan);
        const dispatch = dispatchableTasks(parsed);
        const routes = env[HandlerEnv.AgentRoutes];
        const tasks = toTaskRefs(dispatch, (title) => routeTask(title, routes, env[HandlerEnv.DefaultAgent]));
        const diagnostics = [...dispatch.diagnostics, ...parsed.diagnostics.map((d) => `plan.md ${d}`)];
        log.info("context snapshot taken", { files: selection.length, tasks: tasks.length, diagnostics });
        return {
            runId: input.runId,
            repo: input.repo,
            track: input.track,
            contextPrefix: contextPrefix(input.runId),
            tasks,
            diagnostics,
            network: { subnets: env[HandlerEnv.SubnetIds], securityGroups: env[HandlerEnv.SecurityGroupIds] },
        };
    };
}
