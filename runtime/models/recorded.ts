/**
 * Answers recorded earlier, for tests and local runs: looked up by `<agent>/<taskId>` (then by
 * `<agent>`, then `*`). Named as such so it is never mistaken for a real model; an unknown
 * request is an error, not an invented answer.
 */
import { readFileSync } from "node:fs";
import { estimateTokens, type ModelAnswer, type ModelProvider, type ModelRequest } from "./provider";

export interface Recording {
    readonly text: string;
    readonly usage?: { readonly input: number; readonly output: number };
}

export class RecordedResponseProvider implements ModelProvider {
    readonly name = "recorded-response";

    constructor(private readonly recordings: Readonly<Record<string, Recording | string>>) {}

    static fromFile(file: string): RecordedResponseProvider {
        return new RecordedResponseProvider(JSON.parse(readFileSync(file, "utf8")));
    }

    async complete(request: ModelRequest): Promise<ModelAnswer> {
        const agent = request.subject?.agent ?? "*";
        const task = request.subject?.task?.taskId;
        const keys = [task ? `${agent}/${task}` : undefined, agent, "*"].filter((k): k is string => Boolean(k));
        const hit = keys.map((k) => this.recordings[k]).find((r) => r !== undefined);
        if (hit === undefined) throw new Error(`recorded-response provider: no recording for ${keys.join(" or ")}`);
        const rec = typeof hit === "string" ? { text: hit } : hit;
        return { text: rec.text, usage: rec.usage ?? { input: estimateTokens(request.system + request.prompt), output: estimateTokens(rec.text) }, latencyMs: 0 };
    }
}
