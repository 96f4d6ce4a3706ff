import { strict as assert } from "node:assert";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { dispatchableTasks, parsePlan } from "../../runtime/conductor";

const ROOT = path.join(__dirname, "..", "..");

describe("docs/plan.md", () => {
    const plan = parsePlan(readFileSync(path.join(ROOT, "docs", "plan.md"), "utf8"));
    it("parses with the project's own Conductor parser, without diagnostics", () => {
        assert.equal(plan.phases.length, 4);
        assert.deepEqual(plan.diagnostics, []);
    });
    it("marks done only what the code delivers: each done task names a file that exists", () => {
        for (const p of plan.phases) {
            for (const t of p.tasks.filter((x) => x.status === "done")) {
                const file = /\(`([^`]+)`\)\s*$/.exec(t.title)?.[1];
                assert.ok(file, `done task '${t.title}' names no file`);
                assert.ok(existsSync(path.join(ROOT, file!)), `${file} exists`);
            }
        }
    });
    it("leaves only the manual verification checkpoints to dispatch", () => {
        assert.deepEqual(dispatchableTasks(plan).tasks, []);
    });
});
