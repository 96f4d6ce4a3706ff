import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { configSchemas } from "../../config";

describe("docs/configuration.md", () => {
    const doc = readFileSync(path.join(__dirname, "..", "..", "docs", "configuration.md"), "utf8");
    for (const [level, schema] of Object.entries(configSchemas)) {
        it(`documents every ${level} key of the schema`, () => {
            for (const key of Object.keys((schema as any).shape)) {
                const name = key === "region" ? "aws:region" : key;
                assert.ok(doc.includes(`| \`${name}\` |`), `${level} key '${key}' is not documented`);
            }
        });
    }
});
