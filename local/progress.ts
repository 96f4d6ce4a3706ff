/**
 * What the user sees while a local run works: one line per state entered or left and per
 * subagent started or finished, with the elapsed time; on a terminal, a progress bar of finished
 * tasks redrawn under the lines. Everything goes to stderr, so `--json` output stays clean.
 */
export interface ProgressSink {
    stateEntered(name: string, type: string): void;
    stateExited(name: string, type: string): void;
    stateRetried(name: string, attempt: number, error: string): void;
    stateCaught(name: string, error: string): void;
    subagentStarted(taskId: string, agent: string): void;
    subagentFinished(taskId: string, agent: string, outcome: string): void;
    setTotalTasks(n: number): void;
    /** A task's Map iteration ended (whatever its agents did). */
    taskFinished(): void;
    done(): void;
}

export interface ProgressOptions {
    readonly stream?: NodeJS.WriteStream;
    /** Print nothing (tests, --quiet). */
    readonly quiet?: boolean;
    readonly now?: () => number;
}

export function createProgress(options: ProgressOptions = {}): ProgressSink {
    const stream = options.stream ?? process.stderr;
    const now = options.now ?? (() => performance.now());
    const started = now();
    const tty = Boolean(stream.isTTY) && !options.quiet;
    let total = 0;
    let finished = 0;
    let barShown = false;

    const elapsed = () => `+${((now() - started) / 1000).toFixed(2).padStart(6)}s`;
    const clearBar = () => {
        if (barShown) stream.write("\r\x1b[2K");
        barShown = false;
    };
    const drawBar = () => {
        if (!tty || total === 0) return;
        const width = 24;
        const filled = Math.round((finished / total) * width);
        stream.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${finished}/${total} tasks  ${elapsed()}`);
        barShown = true;
    };
    const line = (text: string) => {
        if (options.quiet) return;
        clearBar();
        stream.write(`${elapsed()}  ${text}\n`);
        drawBar();
    };

    return {
        stateEntered: (name, type) => line(`-> ${name} (${type})`),
        stateExited: (name) => line(`<- ${name}`),
        stateRetried: (name, attempt, error) => line(`~~ ${name}: retry ${attempt} after ${error}`),
        stateCaught: (name, error) => line(`!! ${name}: caught ${error}`),
        subagentStarted: (taskId, agent) => line(`   subagent ${agent} started ${taskId}`),
        subagentFinished: (taskId, agent, outcome) => {
            line(`   subagent ${agent} finished ${taskId}: ${outcome}`);
        },
        setTotalTasks: (n) => {
            total = n;
            drawBar();
        },
        taskFinished: () => {
            finished = Math.min(total, finished + 1);
            drawBar();
        },
        done: () => clearBar(),
    };
}
