/** One span per S3 operation, whatever the handler: the store is wrapped once, at wiring. */
import { inSpan } from "../telemetry/tracing";
import type { ArtifactStore, PutOptions } from "./store";

export class TracedStore implements ArtifactStore {
    constructor(private readonly inner: ArtifactStore) {}
    get(key: string) {
        return inSpan("s3.get", { key }, () => this.inner.get(key));
    }
    put(key: string, body: string, options?: PutOptions) {
        return inSpan("s3.put", { key, conditional: options?.ifMatch ? "if-match" : options?.ifNoneMatch ? "if-none-match" : "none" }, () => this.inner.put(key, body, options));
    }
    list(prefix: string) {
        return inSpan("s3.list", { prefix }, () => this.inner.list(prefix));
    }
}
