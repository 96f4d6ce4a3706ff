/**
 * The artifact store on S3 (@aws-sdk/client-s3), used by the handlers on AWS and by
 * `supervisor push/pull`. Conditional writes use S3's `If-Match` / `If-None-Match`; a 412 becomes
 * `PreconditionFailedError`, throttling and 5xx become `TransientStoreError` (retried by the
 * state machine), a missing key is `undefined`.
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { HandlerError, HandlerErrors } from "../contracts";
import { type ArtifactStore, type PutOptions, type PutResult, PreconditionFailedError, type StoredObject } from "./store";

interface AwsError {
    name?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
}

function translate(e: unknown, key: string): never {
    const err = e as AwsError;
    const status = err.$metadata?.httpStatusCode;
    if (status === 412 || err.name === "PreconditionFailed") throw new PreconditionFailedError(key);
    if (status === 503 || status === 500 || err.name === "SlowDown" || err.name === "ThrottlingException" || err.$retryable) {
        throw new HandlerError(HandlerErrors.TransientStore, `S3 ${err.name ?? status} on ${key}`);
    }
    throw e;
}

export class S3Store implements ArtifactStore {
    constructor(
        private readonly client: S3Client,
        readonly bucket: string,
    ) {}

    async get(key: string): Promise<StoredObject | undefined> {
        try {
            const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
            const body = (await out.Body?.transformToString("utf-8")) ?? "";
            return { key, body, etag: out.ETag ?? "", versionId: out.VersionId };
        } catch (e) {
            const err = e as AwsError;
            if (err.name === "NoSuchKey" || err.$metadata?.httpStatusCode === 404) return undefined;
            return translate(e, key);
        }
    }

    async put(key: string, body: string, options: PutOptions = {}): Promise<PutResult> {
        try {
            const out = await this.client.send(
                new PutObjectCommand({
                    Bucket: this.bucket,
                    Key: key,
                    Body: body,
                    ContentType: options.contentType ?? (key.endsWith(".json") ? "application/json" : "text/plain; charset=utf-8"),
                    IfMatch: options.ifMatch,
                    IfNoneMatch: options.ifNoneMatch,
                }),
            );
            return { etag: out.ETag ?? "", versionId: out.VersionId };
        } catch (e) {
            return translate(e, key);
        }
    }

    async list(prefix: string): Promise<string[]> {
        const keys: string[] = [];
        let token: string | undefined;
        try {
            do {
                const out = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
                for (const o of out.Contents ?? []) if (o.Key) keys.push(o.Key);
                token = out.IsTruncated ? out.NextContinuationToken : undefined;
            } while (token);
        } catch (e) {
            return translate(e, prefix);
        }
        return keys.sort();
    }
}
