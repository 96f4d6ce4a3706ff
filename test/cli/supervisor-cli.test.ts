/** The `supervisor` CLI as users run it: exit codes and JSON shapes. */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { createTwoFilesPatch } from "diff";

const ROOT = path.join(__dirname, "..", "..");
const cli = (...args: string[]) => spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(ROOT, "cli", "supervisor.ts"), ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" } });

describe("supervisor CLI", function () {
    this.timeout(60_000);
    let dir: string;
    before(() => (dir = mkdtempSync(path.join(tmpdir(), "supervisor-cli-"))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("tasks --json lists tracks, phases, what would be dispatched and why", () => {
        const r = cli("tasks", "examples/acme-shop/conductor", "--json");
        assert.equal(r.status, 0, r.stderr);
        const out = JSON.parse(r.stdout);
        assert.deepEqual(out.tracks.map((t: { id: string }) => t.id), ["checkout-flow_20261101", "search-api_20261110"]);
        assert.equal(out.phases[1].tasks.find((t: { manual: boolean }) => t.manual).status, "pending");
        assert.deepEqual(out.dispatchable.map((d: { taskId: string }) => d.taskId), ["p2-t3", "p2-t4", "p2-t5", "p2-t6"]);
        assert.ok(out.diagnostics.length > 0);
        assert.equal(JSON.parse(cli("tasks", "examples/acme-shop/conductor", "--track", "search-api_20261110", "--json").stdout).dispatchable.length, 2);
    });

    it("validate-patch: exit 0 and a summary when accepted, 1 and the reason when rejected, 2 on usage errors", () => {
        const file = path.join(dir, "p.diff");
        writeFileSync(file, createTwoFilesPatch("a/src/a.ts", "b/src/a.ts", "a\n", "b\n"));
        const ok = cli("validate-patch", file, "--allow", "src/**");
        assert.equal(ok.status, 0, ok.stderr);
        assert.match(ok.stdout, /^accepted: 1 file\(s\), \+1\/-1 lines/);
        const no = cli("validate-patch", file, "--allow", "docs/**");
        assert.equal(no.status, 1);
        assert.equal(no.stdout.trim(), "rejected: 'src/a.ts' is outside the agent's allowed paths (docs/**).");
        assert.equal(cli("validate-patch", file).status, 2);
        assert.equal(cli("nope").status, 2);
    });
});
