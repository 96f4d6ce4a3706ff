/**
 * Faults the local run can inject (`--inject`), each into the real path rather than a shortcut:
 *
 * - `fail:<agent>`: every invocation of the agent fails with a retryable service error, so the
 *   definition's Retry runs to MaxAttempts and its Catch records the task as failed;
 * - `timeout:<agent>`: the agent never answers, so the Task state's TimeoutSeconds fires;
 * - `throttle:<agent>`: the agent's first two invocations are throttled
 *   (`Lambda.TooManyRequestsException`), then it works: retried with backoff;
 * - `conflict`: the agent of the second dispatched task also edits the first task's line
 *   differently, so the merge reports a conflict and keeps both versions.
 */
export type Fault =
    | { readonly kind: "fail"; readonly agent: string }
    | { readonly kind: "timeout"; readonly agent: string }
    | { readonly kind: "throttle"; readonly agent: string }
    | { readonly kind: "conflict" };

export const THROTTLED_INVOCATIONS = 2;

export function parseFault(text: string): Fault {
    if (text === "conflict") return { kind: "conflict" };
    const m = /^(fail|timeout|throttle):([a-z0-9-]+)$/.exec(text);
    if (!m) throw new Error(`--inject ${text}: expected fail:<agent>, timeout:<agent>, throttle:<agent> or conflict`);
    return { kind: m[1] as "fail" | "timeout" | "throttle", agent: m[2] };
}

/** An error Step Functions would see from the Lambda service, by name. */
export class ServiceError extends Error {
    constructor(
        override readonly name: string,
        message: string,
    ) {
        super(message);
    }
}

/**
 * Wraps an agent invocation with the faults aimed at that agent. `aborted` resolves when the run
 * ends, so a hung (timed-out) invocation does not keep the process alive.
 */
export function withFaults<T>(faults: readonly Fault[], agent: string, invoke: () => Promise<T>, counters: Map<string, number>, aborted: Promise<void>): Promise<T> {
    const n = (counters.get(agent) ?? 0) + 1;
    counters.set(agent, n);
    for (const f of faults) {
        if (f.kind === "fail" && f.agent === agent) return Promise.reject(new ServiceError("Lambda.ServiceException", `injected failure of agent ${agent} (invocation ${n})`));
        if (f.kind === "throttle" && f.agent === agent && n <= THROTTLED_INVOCATIONS) {
            return Promise.reject(new ServiceError("Lambda.TooManyRequestsException", `injected throttling of agent ${agent} (invocation ${n})`));
        }
        if (f.kind === "timeout" && f.agent === agent) return aborted.then(() => Promise.reject(new Error("run ended")));
    }
    return invoke();
}
