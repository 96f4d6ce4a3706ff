/**
 * `npm run synth -- --stack dev [--known] [--json]`: builds the stack under strict mocks (no AWS
 * account, no Pulumi CLI) and prints its resource inventory (type, name, parent), so a reader can
 * see the whole supervisor. Exit 2 with the program's error when it fails (e.g. invalid config).
 */
import * as path from "node:path";
import { parseArgs } from "node:util";
import { ProgramError, type RecordedResource, runProgram } from "../harness/run-program";
import { FIXED_PRICES, fixedMonthlyCosts } from "../lib/fixed-costs";

function tree(resources: RecordedResource[]): string[] {
    const children = new Map<string | undefined, RecordedResource[]>();
    for (const r of resources) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
    const lines: string[] = [];
    const walk = (parent: string | undefined, depth: number) => {
        for (const r of children.get(parent) ?? []) {
            lines.push(`${"  ".repeat(depth)}${r.type.padEnd(Math.max(1, 58 - depth * 2))} ${r.name}`);
            walk(r.urn, depth + 1);
        }
    };
    const urns = new Set(resources.map((r) => r.urn));
    for (const root of resources.filter((r) => !r.parent || !urns.has(r.parent))) {
        lines.push(`${root.type.padEnd(58)} ${root.name}`);
        walk(root.urn, 1);
    }
    return lines;
}

async function main(): Promise<number> {
    const { values } = parseArgs({ options: { stack: { type: "string", default: "dev" }, program: { type: "string", default: path.join(__dirname, "..") }, known: { type: "boolean", default: false }, json: { type: "boolean", default: false }, "fixed-costs": { type: "boolean", default: false } } });
    try {
        const run = await runProgram({ programDir: values.program!, stack: values.stack!, known: values.known! });
        if (values["fixed-costs"]) {
            const costs = fixedMonthlyCosts(run.resources);
            if (values.json) {
                console.log(JSON.stringify({ stack: run.stack, pricesReviewed: FIXED_PRICES.reviewed, ...costs }, null, 2));
            } else {
                for (const l of costs.lines) console.log(`${l.item.padEnd(52)} ${String(l.count).padStart(4)}  ${l.monthlyUsd.toFixed(2).padStart(9)} USD/month`);
                console.log(`${"total fixed cost".padEnd(58)}${costs.totalUsd.toFixed(2).padStart(9)} USD/month (prices ${FIXED_PRICES.reviewed})`);
            }
            return 0;
        }
        if (values.json) {
            console.log(JSON.stringify({ project: run.project, stack: run.stack, resources: run.resources.map((r) => ({ urn: r.urn, type: r.type, name: r.name, parent: r.parent ?? null })) }, null, 2));
        } else {
            console.log(tree(run.resources).join("\n"));
            const byType = new Map<string, number>();
            for (const r of run.resources) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
            const custom = run.resources.filter((r) => r.custom).length;
            console.log(`\n${run.project}/${run.stack}: ${run.resources.length} resources (${custom} AWS resources, ${run.resources.length - custom} components) of ${byType.size} types, built in ${run.elapsedMs} ms`);
        }
        return 0;
    } catch (e) {
        if (e instanceof ProgramError) {
            console.error(`synth: the program failed for stack ${values.stack}:\n${e.message}`);
            return 2;
        }
        throw e;
    }
}

main().then((code) => process.exit(code));
