/**
 * Amazon Bedrock through the Converse API, the default provider on AWS, reached through the
 * VPC's bedrock-runtime endpoint. Token usage is the response's own. Throttling becomes
 * `ModelThrottledError`, which the state machine retries with backoff and jitter.
 */
import { type BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { HandlerError, HandlerErrors } from "../contracts";
import type { ModelAnswer, ModelProvider, ModelRequest } from "./provider";

const THROTTLING = new Set(["ThrottlingException", "ServiceUnavailableException", "ModelNotReadyException", "TooManyRequestsException"]);

export class BedrockConverseProvider implements ModelProvider {
    readonly name = "bedrock-converse";

    constructor(
        private readonly client: BedrockRuntimeClient,
        readonly modelId: string,
        private readonly now: () => number = () => performance.now(),
    ) {}

    async complete(request: ModelRequest): Promise<ModelAnswer> {
        const started = this.now();
        try {
            const out = await this.client.send(
                new ConverseCommand({
                    modelId: this.modelId,
                    system: [{ text: request.system }],
                    messages: [{ role: "user", content: [{ text: request.prompt }] }],
                    inferenceConfig: { maxTokens: request.maxTokens, temperature: 0 },
                }),
            );
            const text = (out.output?.message?.content ?? []).map((c) => ("text" in c ? (c.text ?? "") : "")).join("");
            return { text, usage: { input: out.usage?.inputTokens ?? 0, output: out.usage?.outputTokens ?? 0 }, latencyMs: this.now() - started };
        } catch (e) {
            const name = (e as Error).name;
            if (THROTTLING.has(name)) throw new HandlerError(HandlerErrors.ModelThrottled, `Bedrock ${name} for ${this.modelId}`);
            throw e;
        }
    }
}
