// Lambda entry: Secrets Manager rotation (runtime/steps/rotate-secret.ts).
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { createRotation } from "../runtime/steps/rotate-secret";

export const handler = createRotation(new SecretsManagerClient({}));
