/**
 * The artifact store as the handlers see it: S3 semantics (keys, ETags, versions, conditional
 * writes), with two implementations: S3 itself (s3-store.ts) and the local filesystem
 * (fs-store.ts) for the local run and tests. Handlers depend on this interface only.
 */
export interface StoredObject {
    readonly key: string;
    readonly body: string;
    readonly etag: string;
    readonly versionId?: string;
}

export interface PutOptions {
    /** Write only if the current object has this ETag (S3 `If-Match`). */
    readonly ifMatch?: string;
    /** Write only if no object exists (S3 `If-None-Match: *`). */
    readonly ifNoneMatch?: "*";
    readonly contentType?: string;
}

export interface PutResult {
    readonly etag: string;
    readonly versionId?: string;
}

export interface ArtifactStore {
    /** undefined when the key does not exist. */
    get(key: string): Promise<StoredObject | undefined>;
    put(key: string, body: string, options?: PutOptions): Promise<PutResult>;
    /** Keys under a prefix, sorted. */
    list(prefix: string): Promise<string[]>;
}

/** A conditional write lost to a concurrent change (S3 412 Precondition Failed). */
export class PreconditionFailedError extends Error {
    override readonly name = "PreconditionFailedError";
    constructor(readonly key: string) {
        super(`the object ${key} changed since it was read (precondition failed)`);
    }
}

/** Counts requests, for the local run's cost estimate. */
export class CountingStore implements ArtifactStore {
    puts = 0;
    gets = 0;
    constructor(private readonly inner: ArtifactStore) {}
    get(key: string) {
        this.gets++;
        return this.inner.get(key);
    }
    put(key: string, body: string, options?: PutOptions) {
        this.puts++;
        return this.inner.put(key, body, options);
    }
    list(prefix: string) {
        this.gets++;
        return this.inner.list(prefix);
    }
}
