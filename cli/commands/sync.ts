/**
 * `supervisor push` / `supervisor pull`: how a repo's CI hands its conductor/ folder to the
 * supervisor and takes the merged one back. S3 through @aws-sdk/client-s3 with the caller's
 * credentials (assume the stack's `uploaderRoleArn` output); `--endpoint` for an S3-compatible
 * server. Only `conductor/` travels; nothing else of the repository leaves it.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { S3Client } from "@aws-sdk/client-s3";
import { filesUnder } from "../../runtime/conductor/folder";
import { conductorPrefix } from "../../runtime/layout";
import { S3Store } from "../../runtime/store/s3-store";
import { type Command, UsageError } from "../command";

const options = { repo: { type: "string" }, bucket: { type: "string" }, endpoint: { type: "string" }, region: { type: "string" } } as const;

function store(values: { bucket?: string; endpoint?: string; region?: string }): S3Store {
    if (!values.bucket) throw new UsageError("--bucket is required (the stack's bucketName output)");
    const client = new S3Client({ region: values.region ?? process.env.AWS_REGION ?? "us-east-1", ...(values.endpoint ? { endpoint: values.endpoint, forcePathStyle: true } : {}) });
    return new S3Store(client, values.bucket);
}

export const pushCommand: Command = {
    summary: "upload <repo-dir>/conductor/ to repos/<repo>/conductor/ (a new plan.md starts a run)",
    usage: "supervisor push <repo-dir> --repo <name> --bucket <bucket> [--endpoint <url>]",
    async run(argv) {
        const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options });
        if (positionals.length !== 1 || !values.repo) throw new UsageError("give the repository directory and --repo");
        const dir = path.join(positionals[0], "conductor");
        const s3 = store(values);
        const files = filesUnder(dir);
        // plan.md files last: their upload is the trigger, and the rest of the context must be there first.
        files.sort((a, b) => Number(a.endsWith("/plan.md")) - Number(b.endsWith("/plan.md")));
        for (const [i, rel] of files.entries()) {
            await s3.put(`${conductorPrefix(values.repo)}${rel}`, readFileSync(path.join(dir, rel), "utf8"));
            process.stderr.write(`\r${i + 1}/${files.length} uploaded`);
        }
        process.stderr.write("\n");
        console.log(`pushed ${files.length} file(s) to s3://${values.bucket}/${conductorPrefix(values.repo)}`);
        return 0;
    },
};

export const pullCommand: Command = {
    summary: "download repos/<repo>/conductor/ (the merged artifacts) into <dir>/conductor/",
    usage: "supervisor pull --repo <name> --bucket <bucket> <dir> [--endpoint <url>]",
    async run(argv) {
        const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options });
        if (positionals.length !== 1 || !values.repo) throw new UsageError("give the target directory and --repo");
        const s3 = store(values);
        const prefix = conductorPrefix(values.repo);
        const keys = await s3.list(prefix);
        for (const key of keys) {
            const obj = await s3.get(key);
            if (!obj) continue;
            const file = path.join(positionals[0], "conductor", key.slice(prefix.length));
            mkdirSync(path.dirname(file), { recursive: true });
            writeFileSync(file, obj.body);
        }
        console.log(`pulled ${keys.length} file(s) into ${path.join(positionals[0], "conductor")}`);
        return 0;
    },
};
