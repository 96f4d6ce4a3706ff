// Lambda entry: one subagent (runtime/steps/subagent.ts).
import { parsePayload, subagentInputSchema } from "../runtime/contracts";
import { parseEnv } from "../runtime/env";
import { HandlerEnv } from "../runtime/handler-env";
import { createSubagent } from "../runtime/steps/subagent";
import { withIncomingTrace } from "../runtime/telemetry/tracing";
import { modelProvider, s3Store, telemetryFor } from "../runtime/wiring";

const env = parseEnv("subagent", process.env);
const { logger, metrics } = telemetryFor(env as never, env[HandlerEnv.Agent]);
const run = createSubagent({ store: s3Store(env[HandlerEnv.ArtifactBucket]), provider: modelProvider(env[HandlerEnv.ModelProvider], env[HandlerEnv.ModelId]), env, logger, metrics });

export const handler = (event: unknown) => withIncomingTrace(() => run(parsePayload(subagentInputSchema, event, "subagent input")));
