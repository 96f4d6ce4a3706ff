/** The S3 store against a local S3-protocol server (s3rver), and its error mapping against recorded responses. */
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { S3Store } from "../../runtime/store/s3-store";
import { PreconditionFailedError } from "../../runtime/store/store";

const S3rver = require("s3rver");

describe("S3 store", function () {
    this.timeout(60_000);
    let server: any;
    let dir: string;
    let client: S3Client;

    before(async () => {
        dir = mkdtempSync(path.join(tmpdir(), "supervisor-s3rver-"));
        server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: dir, configureBuckets: [{ name: "artifacts" }] });
        const { port } = await server.run();
        client = new S3Client({ region: "us-east-1", endpoint: `http://127.0.0.1:${port}`, forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
    });
    after(async () => {
        await server?.close();
        rmSync(dir, { recursive: true, force: true });
    });

    it("puts, gets with an ETag, lists by prefix, and answers undefined for a missing key", async () => {
        const store = new S3Store(client, "artifacts");
        const put = await store.put("repos/web/conductor/tracks/t/plan.md", "- [ ] Task: a\n");
        await store.put("repos/web/conductor/product.md", "# Product\n");
        await store.put("runs/web--t--1/context/x.md", "x");
        const got = await store.get("repos/web/conductor/tracks/t/plan.md");
        assert.equal(got?.body, "- [ ] Task: a\n");
        assert.equal(got?.etag, put.etag);
        assert.deepEqual(await store.list("repos/web/"), ["repos/web/conductor/product.md", "repos/web/conductor/tracks/t/plan.md"]);
        assert.equal(await store.get("repos/web/conductor/missing.md"), undefined);
    });

    it("turns S3's 412 into PreconditionFailedError and throttling into TransientStoreError", async () => {
        const mock = mockClient(S3Client);
        try {
            mock.on(PutObjectCommand).rejectsOnce(Object.assign(new Error("At least one of the pre-conditions you specified did not hold"), { name: "PreconditionFailed", $metadata: { httpStatusCode: 412 } }))
                .rejectsOnce(Object.assign(new Error("Please reduce your request rate."), { name: "SlowDown", $metadata: { httpStatusCode: 503 } }));
            const store = new S3Store(new S3Client({ region: "us-east-1" }), "artifacts");
            await assert.rejects(store.put("k", "v", { ifMatch: '"abc"' }), PreconditionFailedError);
            await assert.rejects(store.put("k", "v"), (e: Error) => e.name === "TransientStoreError");
            assert.equal(mock.commandCalls(PutObjectCommand)[0].args[0].input.IfMatch, '"abc"');
        } finally {
            mock.restore();
        }
    });
});
