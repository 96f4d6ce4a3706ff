/**
 * Structured JSON logs, one object per line, each carrying the run's `run_id`, `repo`, `agent`
 * and `task`, so CloudWatch Logs Insights can follow one run across functions.
 */
export interface LogFields {
    readonly run_id?: string;
    readonly repo?: string;
    readonly agent?: string;
    readonly task?: string;
    readonly [key: string]: unknown;
}

export interface Logger {
    info(message: string, fields?: Record<string, unknown>): void;
    warn(message: string, fields?: Record<string, unknown>): void;
    error(message: string, fields?: Record<string, unknown>): void;
    with(fields: LogFields): Logger;
}

export function createLogger(base: LogFields = {}, write: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Logger {
    const emit = (level: string, message: string, fields?: Record<string, unknown>) => write(JSON.stringify({ timestamp: new Date().toISOString(), level, message, ...base, ...fields }));
    return {
        info: (m, f) => emit("INFO", m, f),
        warn: (m, f) => emit("WARN", m, f),
        error: (m, f) => emit("ERROR", m, f),
        with: (fields) => createLogger({ ...base, ...fields }, write),
    };
}

/** A logger that drops everything (tests, the local run's quiet mode). */
export const silentLogger: Logger = createLogger({}, () => undefined);
