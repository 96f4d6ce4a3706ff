import { strict as assert } from "node:assert";
import { createTwoFilesPatch } from "diff";
import { mergePatches, sequentialApply } from "../../runtime/merge";

const FILE = "conductor/plan.md";
const BASE = ["# Plan", "- [ ] Task: a", "- [ ] Task: b", "- [ ] Task: c", "- [ ] Task: d", ""].join("\n");
const patchOf = (before: string, after: string, file = FILE) => createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after);
const mark = (text: string, letter: string, to = "x") => text.replace(`- [ ] Task: ${letter}`, `- [${to}] Task: ${letter}`);
const cand = (taskId: string, agent: string, text: string) => ({ taskId, agent, text, allowedPaths: ["conductor/**"] });
const base = new Map([[FILE, BASE]]);

describe("three-way merge", () => {
    it("merges agents that change neighbouring lines of the same file, which a strict sequential apply refuses", () => {
        const cands = ["a", "b", "c", "d"].map((l, i) => cand(`p1-t${i + 1}`, "coder", patchOf(BASE, mark(BASE, l))));
        const out = mergePatches(base, cands);
        assert.equal(out.report.applied.length, 4);
        assert.equal(out.files.get(FILE), BASE.replace(/\[ \]/g, "[x]"));
        const strict = sequentialApply(base, cands);
        assert.ok(strict.applied < 4, `strict apply landed ${strict.applied} of 4`);
    });

    it("reports a same-line change as a conflict, keeps both versions and the earlier patch", () => {
        const out = mergePatches(base, [cand("p1-t2", "b", patchOf(BASE, mark(BASE, "a", "~"))), cand("p1-t1", "a", patchOf(BASE, mark(BASE, "a")))]);
        assert.deepEqual(out.report.applied.map((x) => x.taskId), ["p1-t1"]);
        assert.equal(out.report.conflicts.length, 1);
        const c = out.report.conflicts[0];
        assert.equal(c.taskId, "p1-t2");
        assert.equal(c.ours, "- [x] Task: a\n");
        assert.equal(c.theirs, "- [~] Task: a\n");
        assert.deepEqual(c.oursBy, { taskId: "p1-t1", agent: "a" });
        assert.equal(out.files.get(FILE), mark(BASE, "a"));
    });

    it("treats the same change by two agents as one", () => {
        const p = patchOf(BASE, mark(BASE, "b"));
        const out = mergePatches(base, [cand("p1-t1", "x", p), cand("p1-t1", "y", p)]);
        assert.equal(out.report.applied.length, 2);
        assert.equal(out.files.get(FILE), mark(BASE, "b"));
    });

    it("rejects a patch that does not apply to the base, and one outside the agent's paths", () => {
        const stale = patchOf(BASE.replace("Task: c", "Task: C"), mark(BASE.replace("Task: c", "Task: C"), "C"));
        const out = mergePatches(base, [cand("p1-t1", "a", stale), { ...cand("p1-t2", "b", patchOf("x\n", "y\n", "src/x.ts")), allowedPaths: ["conductor/**"] }]);
        assert.deepEqual(out.report.rejected.map((r) => r.reason), [
            "The patch does not apply to the base version of 'conductor/plan.md' (its context lines differ).",
            "'src/x.ts' is outside the agent's allowed paths (conductor/**).",
        ]);
        assert.equal(out.files.size, 0);
    });

    it("accounts for every input exactly once, and gives the same output for the same input in any order", () => {
        const cands = [
            cand("p1-t3", "c", patchOf(BASE, mark(BASE, "c"))),
            cand("p1-t1", "a", patchOf(BASE, mark(BASE, "a"))),
            cand("p1-t2", "b", patchOf(BASE, mark(BASE, "a", "~"))),
            cand("p1-t4", "d", "not a diff"),
            cand("p1-t5", "e", patchOf("", "new note\n", "conductor/notes/n.md").replace("--- a/conductor/notes/n.md", "--- /dev/null")),
        ];
        const a = mergePatches(base, cands);
        const b = mergePatches(base, [...cands].reverse());
        assert.deepEqual(a, b);
        const seen = [...a.report.applied, ...a.report.conflicts, ...a.report.rejected].map((x) => x.taskId).sort();
        assert.deepEqual(seen, ["p1-t1", "p1-t2", "p1-t3", "p1-t4", "p1-t5"]);
        assert.equal(a.files.get("conductor/notes/n.md"), "new note\n");
    });
});
