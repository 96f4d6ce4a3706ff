// Lambda entry: the merge step (runtime/steps/merge.ts).
import { mergeInputSchema, parsePayload } from "../runtime/contracts";
import { parseEnv } from "../runtime/env";
import { HandlerEnv } from "../runtime/handler-env";
import { createMergeStep } from "../runtime/steps/merge";
import { withIncomingTrace } from "../runtime/telemetry/tracing";
import { s3Store, telemetryFor } from "../runtime/wiring";

const env = parseEnv("merge", process.env);
const { logger, metrics } = telemetryFor(env as never, "merge");
const step = createMergeStep({ store: s3Store(env[HandlerEnv.ArtifactBucket]), env, logger, metrics });

export const handler = (event: unknown) => withIncomingTrace(() => step(parsePayload(mergeInputSchema, event, "merge input")));
