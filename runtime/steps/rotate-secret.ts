/**
 * Secrets Manager rotation (the four steps Secrets Manager calls): createSecret stages a new
 * random value as AWSPENDING, setSecret and testSecret have nothing external to update for an
 * integration token the supervisor issues itself, finishSecret moves AWSCURRENT to the new version.
 */
import {
    DescribeSecretCommand,
    GetRandomPasswordCommand,
    GetSecretValueCommand,
    PutSecretValueCommand,
    type SecretsManagerClient,
    UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";

export interface RotationEvent {
    readonly SecretId: string;
    readonly ClientRequestToken: string;
    readonly Step: "createSecret" | "setSecret" | "testSecret" | "finishSecret";
}

export function createRotation(client: Pick<SecretsManagerClient, "send">): (event: RotationEvent) => Promise<void> {
    return async ({ SecretId, ClientRequestToken: token, Step }) => {
        const meta = await client.send(new DescribeSecretCommand({ SecretId }));
        if (!meta.RotationEnabled) throw new Error(`secret ${SecretId} does not have rotation enabled`);
        const stages = meta.VersionIdsToStages?.[token];
        if (!stages) throw new Error(`version ${token} of ${SecretId} is not staged for rotation`);
        if (stages.includes("AWSCURRENT")) return;
        switch (Step) {
            case "createSecret": {
                try {
                    await client.send(new GetSecretValueCommand({ SecretId, VersionId: token, VersionStage: "AWSPENDING" }));
                } catch {
                    const pw = await client.send(new GetRandomPasswordCommand({ PasswordLength: 48, ExcludePunctuation: true }));
                    await client.send(new PutSecretValueCommand({ SecretId, ClientRequestToken: token, SecretString: pw.RandomPassword, VersionStages: ["AWSPENDING"] }));
                }
                return;
            }
            case "setSecret":
            case "testSecret":
                // The token is issued by the supervisor itself: no external system to update or test.
                await client.send(new GetSecretValueCommand({ SecretId, VersionId: token, VersionStage: "AWSPENDING" }));
                return;
            case "finishSecret": {
                const current = Object.entries(meta.VersionIdsToStages ?? {}).find(([, s]) => s.includes("AWSCURRENT"))?.[0];
                await client.send(new UpdateSecretVersionStageCommand({ SecretId, VersionStage: "AWSCURRENT", MoveToVersionId: token, RemoveFromVersionId: current }));
                return;
            }
        }
    };
}
