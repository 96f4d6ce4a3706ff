import { strict as assert } from "node:assert";
import { applyPatch, createTwoFilesPatch, parsePatch } from "diff";
import fc from "fast-check";
import { extractDiff, validatePatch } from "../../runtime/patch";

const ALLOW = { allowedPaths: ["conductor/**", "src/**"] };
const edit = (file: string, before: string, after: string) => createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after).replace(/^(Index: .*\n)?=+\n/, "");
const BASE = "one\ntwo\nthree\n";
const GOOD = edit("src/a.ts", BASE, "one\nTWO\nthree\n");

function rejects(text: string, reason: string, options = ALLOW) {
    const v = validatePatch(text, options);
    assert.equal(v.ok, false, "expected a rejection");
    assert.equal((v as { reason: string }).reason, reason);
}

describe("patch validator", () => {
    it("accepts a plain unified diff and reports its size", () => {
        const v = validatePatch(GOOD, ALLOW);
        assert.ok(v.ok);
        assert.deepEqual(v.files, ["src/a.ts"]);
        assert.equal(v.linesAdded, 1);
        assert.equal(v.linesRemoved, 1);
        assert.match(v.sha256, /^[0-9a-f]{64}$/);
    });

    it("accepts git-style diffs, new files, several files and a missing final newline", () => {
        const text = [
            "diff --git a/src/a.ts b/src/a.ts",
            "index 1111111..2222222 100644",
            edit("src/a.ts", BASE, "one\ntwo\nthree"),
            "diff --git a/src/new.ts b/src/new.ts",
            "new file mode 100644",
            "--- /dev/null",
            "+++ b/src/new.ts",
            "@@ -0,0 +1,2 @@",
            "+export const x = 1;",
            "+export const y = 2;",
            "",
        ].join("\n");
        const v = validatePatch(text, ALLOW);
        assert.ok(v.ok, (v as { reason?: string }).reason);
        assert.deepEqual(v.files, ["src/a.ts", "src/new.ts"]);
    });

    it("rejects text that is not a diff", () => rejects("Sure! I updated the file for you.", "The text is not a unified diff (no '---', '+++' or '@@' lines)."));
    it("rejects an empty patch", () => rejects("  \n", "The patch is empty."));
    it("rejects binary patches", () => rejects("diff --git a/x.png b/x.png\nBinary files a/x.png and b/x.png differ\n", "The patch contains a binary change; only text diffs are accepted."));
    it("rejects mode changes", () => rejects("diff --git a/src/a.sh b/src/a.sh\nold mode 100644\nnew mode 100755\n", "The patch changes a file mode; only content changes are accepted."));
    it("rejects symlinks", () => rejects("diff --git a/src/l b/src/l\nnew file mode 120000\n--- /dev/null\n+++ b/src/l\n@@ -0,0 +1 @@\n+/etc/passwd\n", "The patch creates or deletes a symlink; only regular text files are accepted."));
    it("rejects renames", () => rejects("diff --git a/src/a.ts b/src/b.ts\nsimilarity index 100%\nrename from src/a.ts\nrename to src/b.ts\n", "The patch renames or copies a file; only edits and new files are accepted."));
    it("rejects absolute paths", () => rejects(edit("src/a.ts", BASE, "x\n").replace(/a\/src\/a\.ts/g, "/etc/passwd").replace(/b\/src\/a\.ts/g, "/etc/passwd"), "The path '/etc/passwd' is absolute; paths must be relative and inside the repository."));
    it("rejects '..'", () => rejects(edit("src/../../x", BASE, "x\n"), "The path 'src/../../x' contains '..'; paths must be relative and inside the repository."));
    it("rejects backslashes", () => rejects(edit("src\\a.ts", BASE, "x\n"), "The path 'src\\a.ts' contains a backslash; paths must be relative and inside the repository."));
    it("rejects .git/", () => rejects(edit(".git/config", BASE, "x\n"), "The path '.git/config' points into .git/; paths must be relative and inside the repository.", { allowedPaths: ["**"] }));
    it("rejects files outside the allowed globs", () => rejects(edit("infra/main.tf", BASE, "x\n"), "'infra/main.tf' is outside the agent's allowed paths (conductor/**, src/**)."));
    it("rejects deletions", () => rejects("--- a/src/a.ts\n+++ /dev/null\n@@ -1,3 +0,0 @@\n-one\n-two\n-three\n", "'src/a.ts' is deleted; agents may edit and add files, not delete them."));
    it("rejects hunks whose counts do not match", () => rejects(GOOD.replace("@@ -1,3 +1,3 @@", "@@ -1,4 +1,3 @@"), "The patch has a hunk whose lines do not match its @@ header (Hunk at line 3 contained invalid line)."));
    it("rejects patches over the size caps", () => {
        rejects(GOOD, `The patch is ${Buffer.byteLength(GOOD)} bytes, over the 10-byte cap.`, { ...ALLOW, limits: { maxBytes: 10 } } as never);
        rejects(GOOD, "The patch changes 2 lines, over the cap of 1.", { ...ALLOW, limits: { maxChangedLines: 1 } } as never);
    });
    it("rejects the whole patch when one of its files is bad", () => rejects(GOOD + edit("infra/x.tf", BASE, "y\n"), "'infra/x.tf' is outside the agent's allowed paths (conductor/**, src/**)."));

    it("never throws, whatever the input (property)", () => {
        fc.assert(
            fc.property(fc.oneof(fc.string(), fc.string().map((s) => `--- a/src/x\n+++ b/src/x\n@@ -1 +1 @@\n${s}`), fc.string().map((s) => `diff --git ${s}`)), (text) => {
                validatePatch(text, ALLOW);
            }),
            { numRuns: 500 },
        );
    });

    it("every accepted patch applies to the text it was made from (property)", () => {
        const lines = fc.array(fc.string({ maxLength: 12 }).filter((l) => !l.includes("\n") && !l.includes("\r")), { maxLength: 12 });
        fc.assert(
            fc.property(lines, lines, (a, b) => {
                const before = a.map((l) => `${l}\n`).join("");
                const after = b.map((l) => `${l}\n`).join("");
                const patch = edit("src/f.txt", before, after);
                const v = validatePatch(patch, ALLOW);
                if (!v.ok) return before === after; // only an empty change may be refused
                return applyPatch(before, parsePatch(patch)[0]) === after;
            }),
            { numRuns: 300 },
        );
    });
});

describe("extracting the diff from a model answer", () => {
    it("takes the one fenced diff block", () => {
        const r = extractDiff(`Here you go:\n\`\`\`diff\n${GOOD}\`\`\`\nDone.`);
        assert.ok(r.ok && r.diff === GOOD);
    });
    it("takes raw diff text", () => {
        const r = extractDiff(`Patch:\n${GOOD}`);
        assert.ok(r.ok && r.diff === GOOD);
    });
    it("refuses zero or several diffs", () => {
        assert.deepEqual(extractDiff("no diff here"), { ok: false, reason: "The answer holds no unified diff; answer with exactly one unified diff." });
        assert.deepEqual(extractDiff(`\`\`\`diff\n${GOOD}\`\`\`\n\`\`\`diff\n${GOOD}\`\`\``), { ok: false, reason: "The answer holds 2 diff blocks; answer with exactly one unified diff." });
    });
});
