// Lambda entry: the arbiter (runtime/steps/arbiter.ts).
import { arbiterInputSchema, parsePayload } from "../runtime/contracts";
import { parseEnv } from "../runtime/env";
import { HandlerEnv } from "../runtime/handler-env";
import { createArbiterStep } from "../runtime/steps/arbiter";
import { withIncomingTrace } from "../runtime/telemetry/tracing";
import { modelProvider, s3Store, telemetryFor } from "../runtime/wiring";

const env = parseEnv("arbiter", process.env);
const step = createArbiterStep({ store: s3Store(env[HandlerEnv.ArtifactBucket]), provider: modelProvider(env[HandlerEnv.ModelProvider], env[HandlerEnv.ModelId]), env, logger: telemetryFor(env as never, "arbiter").logger });

export const handler = (event: unknown) => withIncomingTrace(() => step(parsePayload(arbiterInputSchema, event, "arbiter input")));
