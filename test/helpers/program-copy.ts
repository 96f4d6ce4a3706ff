/**
 * A throwaway copy of the Pulumi program (sources symlinked, node_modules shared), so a test can
 * add a stack file or patch one line of one file and run the copy through the harness.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

export const PROJECT_ROOT = path.join(__dirname, "..", "..");
const COPIED = ["index.ts", "config.ts", "Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml", "tsconfig.json", "components", "lib", "runtime", "handlers", "harness"];

export interface ProgramCopy {
    readonly dir: string;
    /** Replaces `find` (which must occur) in a copied file. */
    patch(file: string, find: string, replace: string): void;
    write(file: string, content: string): void;
    dispose(): void;
}

export function copyProgram(): ProgramCopy {
    const dir = mkdtempSync(path.join(tmpdir(), "supervisor-copy-"));
    for (const entry of COPIED) cpSync(path.join(PROJECT_ROOT, entry), path.join(dir, entry), { recursive: true });
    symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    return {
        dir,
        patch(file, find, replace) {
            const p = path.join(dir, file);
            const text = readFileSync(p, "utf8");
            if (!text.includes(find)) throw new Error(`patch: '${find}' not found in ${file}`);
            writeFileSync(p, text.replace(find, replace));
        },
        write(file, content) {
            writeFileSync(path.join(dir, file), content);
        },
        dispose() {
            rmSync(dir, { recursive: true, force: true });
        },
    };
}
