/**
 * The Fargate container entry: the same subagent core as the Lambda, reporting through the task
 * token. Reads SubagentInput from SUBAGENT_INPUT and the token from TASK_TOKEN (both set by the
 * state machine's RunTask overrides), beats every 30 s, and ends with SendTaskSuccess or
 * SendTaskFailure carrying the error's name, so the state machine's Retry/Catch match on it.
 * SIGTERM (a Spot interruption, or StopTask) reports SubagentInterruptedError first, so a Spot
 * task is rerun on demand instead of waiting for the heartbeat to time out.
 */
import { SendTaskFailureCommand, SendTaskHeartbeatCommand, SendTaskSuccessCommand, SFNClient } from "@aws-sdk/client-sfn";
import { HandlerErrors, parsePayload, subagentInputSchema } from "../../runtime/contracts";
import { parseEnv } from "../../runtime/env";
import { HandlerEnv } from "../../runtime/handler-env";
import { createSubagent } from "../../runtime/steps/subagent";
import { startTracing } from "../../runtime/telemetry/tracing-setup";
import { modelProvider, s3Store, telemetryFor } from "../../runtime/wiring";

export const HEARTBEAT_INTERVAL_MS = 30_000;

async function main(): Promise<void> {
    const token = process.env.TASK_TOKEN;
    if (!token) throw new Error("TASK_TOKEN is not set: this container is started by the state machine's RunTask");
    const sfn = new SFNClient({});
    const tracing = startTracing("subagent-fargate");
    const fail = (error: string, cause: string) => sfn.send(new SendTaskFailureCommand({ taskToken: token, error, cause: cause.slice(0, 32_000) }));
    let finished = false;

    process.on("SIGTERM", () => {
        if (finished) return;
        finished = true;
        void fail(HandlerErrors.SubagentInterrupted, "the task received SIGTERM (Spot interruption or StopTask)").finally(() => process.exit(143));
    });
    const beat = setInterval(() => void sfn.send(new SendTaskHeartbeatCommand({ taskToken: token })).catch(() => undefined), HEARTBEAT_INTERVAL_MS);

    try {
        const env = parseEnv("subagent", process.env);
        const { logger, metrics } = telemetryFor(env as never, env[HandlerEnv.Agent]);
        const run = createSubagent({ store: s3Store(env[HandlerEnv.ArtifactBucket]), provider: modelProvider(env[HandlerEnv.ModelProvider], env[HandlerEnv.ModelId]), env, logger, metrics });
        const input = parsePayload(subagentInputSchema, JSON.parse(process.env.SUBAGENT_INPUT ?? "null"), "SUBAGENT_INPUT");
        const pointer = await run(input);
        if (!finished) await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(pointer) }));
    } catch (e) {
        const err = e as Error;
        if (!finished) await fail(err.name || "Error", err.message);
    } finally {
        finished = true;
        clearInterval(beat);
        await tracing.shutdown();
    }
}

main().then(
    () => process.exit(0),
    (e: Error) => {
        process.stderr.write(`${e.stack ?? e.message}\n`);
        process.exit(1);
    },
);
