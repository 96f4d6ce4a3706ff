/** Queries over the resources a program run recorded. */
import type { RecordedResource } from "../../harness/run-program";

export function ofType(resources: readonly RecordedResource[], type: string): RecordedResource[] {
    return resources.filter((r) => r.type === type);
}

export function one(resources: readonly RecordedResource[], type: string, name: string): RecordedResource {
    const found = resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
    return found[0];
}

/** Whether an AWS type takes tags: the policy pack's own reading of @pulumi/aws, so test and gate agree. */
export { isTaggable } from "../../policypack/lib/taggable";
