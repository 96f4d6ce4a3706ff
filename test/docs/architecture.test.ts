import { strict as assert } from "node:assert";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { STATE_NAMES } from "../../lib/state-machine-definition";
import { HANDLER_ENTRIES } from "../../runtime/handler-env";

const ROOT = path.join(__dirname, "..", "..");
const doc = readFileSync(path.join(ROOT, "docs", "architecture.md"), "utf8");

describe("docs/architecture.md", () => {
    it("names only components that exist, in the files it says", () => {
        const rows = [...doc.matchAll(/^\| `(\w+)` \| `(components\/[\w-]+\.ts)` \|/gm)];
        assert.ok(rows.length >= 10);
        for (const [, cls, file] of rows) {
            assert.ok(existsSync(path.join(ROOT, file)), `${file} exists`);
            assert.match(readFileSync(path.join(ROOT, file), "utf8"), new RegExp(`export class ${cls} extends pulumi\\.ComponentResource`), `${cls} in ${file}`);
        }
    });

    it("lists every component of components/", () => {
        for (const file of require("node:fs").readdirSync(path.join(ROOT, "components"))) {
            const text = readFileSync(path.join(ROOT, "components", file), "utf8");
            for (const [, cls] of text.matchAll(/export class (\w+) extends pulumi\.ComponentResource/g)) assert.ok(doc.includes(`\`${cls}\``), `${cls} is documented`);
        }
    });

    it("uses the state names of the definition builder", () => {
        for (const name of [STATE_NAMES.snapshot, STATE_NAMES.anyTasks, STATE_NAMES.map, STATE_NAMES.route, STATE_NAMES.candidates, STATE_NAMES.merge]) assert.ok(doc.includes(`"${name}"`), name);
    });

    it("names handlers that exist", () => {
        for (const entry of ["context", "dispatcher", "subagent", "arbiter", "merge"]) {
            assert.ok((HANDLER_ENTRIES as readonly string[]).includes(entry));
            assert.ok(doc.includes(`${entry}<br/>`) || doc.includes(`${entry} (Lambda)`) || doc.includes(`${entry}<br/>(Lambda`), entry);
        }
    });
});
