import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { registry } from "../../policypack/lib/registry";
import "../../policypack/policies";

describe("docs/gates.md", () => {
    const doc = readFileSync(path.join(__dirname, "..", "..", "docs", "gates.md"), "utf8");
    it("lists every policy of the pack, and only those", () => {
        const documented = [...doc.matchAll(/^\| `([a-z0-9-]+)` \| (security|cost|observability|artifact) \|/gm)].map((m) => m[1]).sort();
        assert.deepEqual(documented, registry.all().map((p) => p.name).sort());
    });
    it("names each policy's config keys", () => {
        for (const p of registry.all()) {
            for (const key of Object.keys(p.configSchema?.properties ?? {})) {
                const row = doc.split("\n").find((l) => l.startsWith(`| \`${p.name}\``))!;
                assert.ok(row.includes(key), `${p.name}: config key ${key}`);
            }
        }
    });
});
