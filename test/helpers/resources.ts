/** Queries over the resources a program run recorded. */
import { readFileSync, existsSync } from "node:fs";
import * as path from "node:path";
import type { RecordedResource } from "../../harness/run-program";

export function ofType(resources: readonly RecordedResource[], type: string): RecordedResource[] {
    return resources.filter((r) => r.type === type);
}

export function one(resources: readonly RecordedResource[], type: string, name: string): RecordedResource {
    const found = resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
    return found[0];
}

const taggable = new Map<string, boolean>();
/**
 * Whether an AWS resource type takes a `tags` input, read from @pulumi/aws's own type
 * declarations (`aws:<module>/<resource>:<Resource>` -> `<module>/<resource>.d.ts`).
 */
export function isTaggable(type: string): boolean {
    const hit = taggable.get(type);
    if (hit !== undefined) return hit;
    const m = /^aws:([^/]+)\/([^:]+):/.exec(type);
    let result = false;
    if (m) {
        const file = path.join(__dirname, "..", "..", "node_modules", "@pulumi", "aws", m[1], `${m[2]}.d.ts`);
        if (existsSync(file)) {
            const text = readFileSync(file, "utf8");
            const args = text.slice(text.indexOf("export interface"));
            result = /\n\s+tags\?: pulumi\.Input<\{/.test(args);
        }
    }
    taggable.set(type, result);
    return result;
}
