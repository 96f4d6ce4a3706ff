/**
 * Whether an AWS resource type takes tags, read from @pulumi/aws's own type declarations
 * (`aws:<module>/<resource>:<Resource>` -> `<module>/<resource>.d.ts` has `tags?:` in its args).
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

const cache = new Map<string, boolean>();

function awsPackageDir(): string | undefined {
    try {
        return path.dirname(require.resolve("@pulumi/aws/package.json"));
    } catch {
        return undefined;
    }
}

export function isTaggable(type: string): boolean {
    const hit = cache.get(type);
    if (hit !== undefined) return hit;
    const m = /^aws:([^/]+)\/([^:]+):/.exec(type);
    const dir = awsPackageDir();
    let result = false;
    if (m && dir) {
        const file = path.join(dir, m[1], `${m[2]}.d.ts`);
        if (existsSync(file)) {
            const text = readFileSync(file, "utf8");
            result = /\n\s+tags\?: pulumi\.Input<\{/.test(text.slice(text.indexOf("export interface")));
        }
    }
    cache.set(type, result);
    return result;
}
