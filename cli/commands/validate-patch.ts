/** `supervisor validate-patch <file> --allow <glob>...`: the diff-only gate the subagents and the merge use. */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { validatePatch } from "../../runtime/patch";
import { type Command, UsageError } from "../command";

export const validatePatchCommand: Command = {
    summary: "accept or reject a patch as a subagent's output (exit 0 accepted, 1 rejected)",
    usage: "supervisor validate-patch <file> --allow <glob> [--allow <glob>...]",
    async run(argv) {
        const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { allow: { type: "string", multiple: true } } });
        if (positionals.length !== 1) throw new UsageError("give exactly one patch file");
        if (!values.allow?.length) throw new UsageError("give at least one --allow glob (the paths the agent may touch)");
        const verdict = validatePatch(readFileSync(positionals[0], "utf8"), { allowedPaths: values.allow });
        if (!verdict.ok) {
            console.log(`rejected: ${verdict.reason}`);
            return 1;
        }
        console.log(`accepted: ${verdict.files.length} file(s), +${verdict.linesAdded}/-${verdict.linesRemoved} lines, ${verdict.bytes} bytes, sha256 ${verdict.sha256}`);
        for (const f of verdict.files) console.log(`  ${f}`);
        return 0;
    },
};
