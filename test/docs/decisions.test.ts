import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { runProgram } from "../../harness/run-program";
import { fixedMonthlyCosts } from "../../lib/fixed-costs";
import { PROJECT_ROOT } from "../helpers/program-copy";

describe("docs/decisions.md", function () {
    this.timeout(120_000);
    const doc = readFileSync(path.join(PROJECT_ROOT, "docs", "decisions.md"), "utf8");

    for (const stack of ["dev", "prod"]) {
        it(`quotes the fixed monthly cost the ${stack} stack really has`, async () => {
            const run = await runProgram({ programDir: PROJECT_ROOT, stack, known: false });
            const costs = fixedMonthlyCosts(run.resources);
            const endpoints = costs.lines[0];
            const row = doc.split("\n").find((l) => l.startsWith(`| ${stack} |`));
            assert.ok(row, `a row for ${stack}`);
            assert.ok(row!.includes(`= ${endpoints.count} |`), `${row} has ${endpoints.count} endpoint-AZs`);
            assert.ok(row!.includes(`${endpoints.monthlyUsd.toFixed(2)} USD/month`), `${row} has ${endpoints.monthlyUsd.toFixed(2)}`);
            assert.ok(row!.includes(`${costs.totalUsd.toFixed(2)} USD/month`), `${row} has ${costs.totalUsd.toFixed(2)}`);
        });
    }
});
