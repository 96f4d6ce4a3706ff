// Lambda entry: the context snapshot step (runtime/steps/context.ts).
import { executionInputSchema, parsePayload } from "../runtime/contracts";
import { parseEnv } from "../runtime/env";
import { HandlerEnv } from "../runtime/handler-env";
import { createContextStep } from "../runtime/steps/context";
import { withIncomingTrace } from "../runtime/telemetry/tracing";
import { s3Store, telemetryFor } from "../runtime/wiring";

const env = parseEnv("context", process.env);
const step = createContextStep({ store: s3Store(env[HandlerEnv.ArtifactBucket]), env, logger: telemetryFor(env as never, "context").logger });

export const handler = (event: unknown) => withIncomingTrace(() => step(parsePayload(executionInputSchema, event, "context input")));
