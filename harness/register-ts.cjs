// A minimal require hook that transpiles TypeScript with esbuild (type-stripping only, like
// ts-node --transpile-only, but without its start-up cost). Used for the child process that runs a
// program under mocks; type checking is `tsc -p .`'s job, as it is before `pulumi preview`.
"use strict";
const { transformSync } = require("esbuild");
const fs = require("node:fs");

require.extensions[".ts"] = function compileTypeScript(module, filename) {
    const source = fs.readFileSync(filename, "utf8");
    const { code } = transformSync(source, { loader: "ts", format: "cjs", target: "node22", sourcefile: filename, sourcemap: "inline" });
    module._compile(code, filename);
};
