/**
 * The artifact store on the local filesystem, with S3's semantics where the handlers rely on
 * them: an ETag (md5 of the body, as S3 gives for single-part uploads), a new version id per
 * write, and conditional writes (If-Match, If-None-Match) checked atomically within the process.
 * Objects live at `<root>/<key>`; metadata at `<root>/.meta/<key>.json`.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { type ArtifactStore, type PutOptions, type PutResult, PreconditionFailedError, type StoredObject } from "./store";

export class FsStore implements ArtifactStore {
    private versionCounter = 0;
    /** Serialises writes so check-and-write is atomic, as S3's conditional writes are. */
    private queue: Promise<unknown> = Promise.resolve();

    constructor(readonly root: string) {
        mkdirSync(root, { recursive: true });
    }

    private file(key: string): string {
        if (key.startsWith("/") || key.split("/").includes("..") || key.startsWith(".meta/")) throw new Error(`invalid key ${key}`);
        return path.join(this.root, key);
    }

    private meta(key: string): string {
        return path.join(this.root, ".meta", `${key}.json`);
    }

    async get(key: string): Promise<StoredObject | undefined> {
        const file = this.file(key);
        if (!existsSync(file)) return undefined;
        const body = readFileSync(file, "utf8");
        const meta = existsSync(this.meta(key)) ? (JSON.parse(readFileSync(this.meta(key), "utf8")) as { versionId?: string }) : {};
        return { key, body, etag: etagOf(body), versionId: meta.versionId };
    }

    put(key: string, body: string, options: PutOptions = {}): Promise<PutResult> {
        const run = async (): Promise<PutResult> => {
            const current = await this.get(key);
            if (options.ifNoneMatch === "*" && current) throw new PreconditionFailedError(key);
            if (options.ifMatch !== undefined && current?.etag !== options.ifMatch) throw new PreconditionFailedError(key);
            const file = this.file(key);
            mkdirSync(path.dirname(file), { recursive: true });
            const tmp = `${file}.${process.pid}.tmp`;
            writeFileSync(tmp, body);
            renameSync(tmp, file);
            const versionId = `v${Date.now().toString(36)}-${(++this.versionCounter).toString(36)}`;
            mkdirSync(path.dirname(this.meta(key)), { recursive: true });
            writeFileSync(this.meta(key), JSON.stringify({ versionId }));
            return { etag: etagOf(body), versionId };
        };
        const result = this.queue.then(run, run);
        this.queue = result.catch(() => undefined);
        return result;
    }

    async list(prefix: string): Promise<string[]> {
        const out: string[] = [];
        const walk = (dir: string, rel: string) => {
            if (!existsSync(dir)) return;
            for (const d of readdirSync(dir, { withFileTypes: true })) {
                if (rel === "" && d.name === ".meta") continue;
                const key = rel ? `${rel}/${d.name}` : d.name;
                if (d.isDirectory()) walk(path.join(dir, d.name), key);
                else if (!d.name.endsWith(".tmp") && key.startsWith(prefix)) out.push(key);
            }
        };
        walk(this.root, "");
        return out.sort();
    }
}

/** S3's ETag for a single-part upload: the quoted md5 of the body. */
export function etagOf(body: string): string {
    return `"${createHash("md5").update(body).digest("hex")}"`;
}
