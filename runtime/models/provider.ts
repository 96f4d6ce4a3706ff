/**
 * The model behind a subagent or the arbiter's judge. On AWS it is Amazon Bedrock (Converse);
 * locally and in tests, a recorded-response provider or the dry-run provider, both named as such
 * and never the default on AWS.
 */
import type { TaskRef, TokenUsage } from "../contracts";

export interface ModelRequest {
    readonly system: string;
    readonly prompt: string;
    readonly maxTokens: number;
    /** What the request is about: recorded and dry-run providers answer from it. */
    readonly subject?: {
        readonly agent: string;
        readonly track: string;
        readonly task?: TaskRef;
        /** The run's context files, by repo-relative path (`conductor/...`). */
        readonly files?: ReadonlyMap<string, string>;
        readonly attempt?: number;
    };
}

export interface ModelAnswer {
    readonly text: string;
    readonly usage: TokenUsage;
    readonly latencyMs: number;
}

export interface ModelProvider {
    readonly name: string;
    complete(request: ModelRequest): Promise<ModelAnswer>;
}

/** Rough token count for providers that have no tokenizer: four characters a token. */
export function estimateTokens(text: string): number {
    return Math.ceil(text.length / 4);
}
