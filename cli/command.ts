/** The shape of a `supervisor` subcommand (cli/commands/*), and its usage error. */
export interface Command {
    readonly summary: string;
    readonly usage: string;
    /** Returns the exit status. */
    run(argv: string[]): Promise<number>;
}

/** A usage error: exit status 2 with the command's usage. */
export class UsageError extends Error {
    override readonly name = "UsageError";
}
