// Lambda entry: the dispatcher (runtime/steps/dispatcher.ts), fed by the SQS event source mapping.
import { SFNClient } from "@aws-sdk/client-sfn";
import type { SQSEvent } from "aws-lambda";
import { parseEnv } from "../runtime/env";
import { createDispatcher } from "../runtime/steps/dispatcher";
import { telemetryFor } from "../runtime/wiring";

const env = parseEnv("dispatcher", process.env);
const { logger, metrics } = telemetryFor(env as never, "dispatcher");
export const handler = createDispatcher({ sfn: new SFNClient({}), env, logger, metrics }) as (event: SQSEvent) => Promise<unknown>;
