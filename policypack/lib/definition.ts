/** Walking an Amazon States Language definition, including Map processors and Parallel branches. */
import { json } from "./props";

export type State = Record<string, any>;
export interface Machine {
    StartAt: string;
    States: Record<string, State>;
}

export function parseDefinition(value: unknown): Machine | undefined {
    const d = json<Machine>(value);
    return d && typeof d === "object" && d.States ? d : undefined;
}

/** Every state with its name and the machine (scope) it belongs to. */
export function allStates(machine: Machine): { name: string; state: State; scope: Machine }[] {
    const out: { name: string; state: State; scope: Machine }[] = [];
    for (const [name, state] of Object.entries(machine.States)) {
        out.push({ name, state, scope: machine });
        const inner = state.ItemProcessor ?? state.Iterator;
        if (state.Type === "Map" && inner) out.push(...allStates(inner));
        if (state.Type === "Parallel") for (const b of state.Branches ?? []) out.push(...allStates(b));
    }
    return out;
}

/** Names a state can go to next (Next, Default, Choices, Catch). */
export function successors(state: State): string[] {
    return [state.Next, state.Default, ...(state.Choices ?? []).map((c: State) => c.Next), ...(state.Catch ?? []).map((c: State) => c.Next)].filter((n): n is string => typeof n === "string");
}
