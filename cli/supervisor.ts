/**
 * `npm run supervisor -- <command>`: the tools platform teams and CI use around the supervisor.
 * Each command is one module under cli/commands/; this file is only the table.
 */
import { type Command, UsageError } from "./command";
import { pullCommand, pushCommand } from "./commands/sync";
import { tasksCommand } from "./commands/tasks";
import { validatePatchCommand } from "./commands/validate-patch";


const COMMANDS: Record<string, Command> = {
    tasks: tasksCommand,
    "validate-patch": validatePatchCommand,
    push: pushCommand,
    pull: pullCommand,
};

function help(): string {
    return ["usage: supervisor <command> [options]", "", ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(15)} ${c.summary}\n  ${" ".repeat(15)} ${c.usage}`)].join("\n");
}

async function main(argv: string[]): Promise<number> {
    const [name, ...rest] = argv;
    const command = name ? COMMANDS[name] : undefined;
    if (!command) {
        console.error(name && name !== "--help" ? `unknown command '${name}'\n\n${help()}` : help());
        return name === "--help" ? 0 : 2;
    }
    try {
        return await command.run(rest);
    } catch (e) {
        if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
            console.error(`${(e as Error).message}\nusage: ${command.usage}`);
            return 2;
        }
        console.error(`supervisor ${name}: ${(e as Error).message}`);
        return 1;
    }
}

if (require.main === module) main(process.argv.slice(2)).then((code) => process.exit(code));
