/** `supervisor push` and `pull` against a local S3-protocol server (s3rver). */
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const S3rver = require("s3rver");
const ROOT = path.join(__dirname, "..", "..");

describe("supervisor push / pull", function () {
    this.timeout(120_000);
    let server: any;
    let dir: string;
    let endpoint: string;
    before(async () => {
        dir = mkdtempSync(path.join(tmpdir(), "supervisor-sync-"));
        server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: path.join(dir, "s3"), configureBuckets: [{ name: "artifacts" }] });
        const { port } = await server.run();
        endpoint = `http://127.0.0.1:${port}`;
    });
    after(async () => {
        await server?.close();
        rmSync(dir, { recursive: true, force: true });
    });
    // Asynchronous on purpose: the S3 server runs in this process and must keep answering.
    const cli = (...args: string[]) =>
        new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
            const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(ROOT, "cli", "supervisor.ts"), ...args], {
                cwd: ROOT,
                env: { ...process.env, AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER", AWS_REGION: "us-east-1" },
            });
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", (d) => (stdout += d));
            child.stderr.on("data", (d) => (stderr += d));
            child.on("close", (status) => resolve({ status, stdout, stderr }));
        });

    it("pushes a repo's conductor/ folder and pulls the same files back", async () => {
        const push = await cli("push", path.join(ROOT, "examples", "acme-shop"), "--repo", "acme", "--bucket", "artifacts", "--endpoint", endpoint);
        assert.equal(push.status, 0, push.stderr);
        assert.match(push.stdout, /pushed 10 file\(s\) to s3:\/\/artifacts\/repos\/acme\/conductor\//);
        const target = path.join(dir, "pulled");
        const pull = await cli("pull", "--repo", "acme", "--bucket", "artifacts", "--endpoint", endpoint, target);
        assert.equal(pull.status, 0, pull.stderr);
        const rel = "conductor/tracks/checkout-flow_20261101/plan.md";
        assert.equal(readFileSync(path.join(target, rel), "utf8"), readFileSync(path.join(ROOT, "examples", "acme-shop", rel), "utf8"));
    });

    it("refuses a push without --repo (usage error, exit 2)", async () => {
        assert.equal((await cli("push", ".", "--bucket", "artifacts")).status, 2);
    });
});
