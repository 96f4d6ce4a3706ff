/**
 * The program's state machine definition, prepared for a local run without changing its logic:
 * with `timeScale` below 1, Task `TimeoutSeconds`/`HeartbeatSeconds` shrink (to at least 1 s) and
 * each retrier's own schedule (IntervalSeconds x BackoffRate^attempt, capped by MaxDelaySeconds,
 * with full jitter where the retrier asks for it) is replayed scaled, through the interpreter's
 * retry overrides. States, Retry/Catch matching, MaxAttempts, Map MaxConcurrency, Parallel
 * branches and the merge step are exactly the program's.
 */
type State = Record<string, any>;

export interface LocalDefinition {
    readonly definition: State;
    /** State name -> wait in ms before each retry attempt (the interpreter's override format). */
    readonly retryIntervalOverrides: Record<string, number[]>;
    /** Every Task state: name -> its Resource and Parameters. */
    readonly taskStates: Map<string, State>;
}

export function prepareLocalDefinition(definition: State, timeScale: number, random: () => number = Math.random): LocalDefinition {
    if (!(timeScale > 0 && timeScale <= 1)) throw new Error(`time scale must be in (0, 1], got ${timeScale}`);
    const copy = structuredClone(definition);
    const retryIntervalOverrides: Record<string, number[]> = {};
    const taskStates = new Map<string, State>();
    const scale = (s: number) => Math.max(1, Math.round(s * timeScale));

    const walk = (machine: State) => {
        for (const [name, state] of Object.entries<State>(machine.States)) {
            if (state.Type === "Task") {
                taskStates.set(name, state);
                if (state.TimeoutSeconds) state.TimeoutSeconds = scale(state.TimeoutSeconds);
                if (state.HeartbeatSeconds) state.HeartbeatSeconds = scale(state.HeartbeatSeconds);
            }
            // One schedule per state: the interpreter keys overrides by state, so the longest
            // retrier's schedule is used (the supervisor's states have one retrier each).
            const retriers: State[] = state.Retry ?? [];
            if (retriers.length > 0 && timeScale < 1) {
                const longest = retriers.reduce((a, b) => ((b.MaxAttempts ?? 3) > (a.MaxAttempts ?? 3) ? b : a));
                const attempts = longest.MaxAttempts ?? 3;
                retryIntervalOverrides[name] = Array.from({ length: attempts }, (_, i) => {
                    const seconds = Math.min((longest.IntervalSeconds ?? 1) * (longest.BackoffRate ?? 2) ** i, longest.MaxDelaySeconds ?? Number.POSITIVE_INFINITY);
                    const jittered = longest.JitterStrategy === "FULL" ? seconds * random() : seconds;
                    return Math.round(jittered * 1000 * timeScale);
                });
            }
            if (state.Type === "Map") walk(state.ItemProcessor ?? state.Iterator);
            if (state.Type === "Parallel") for (const branch of state.Branches) walk(branch);
        }
    };
    walk(copy);
    if (copy.TimeoutSeconds) copy.TimeoutSeconds = scale(copy.TimeoutSeconds);
    return { definition: copy, retryIntervalOverrides, taskStates };
}
