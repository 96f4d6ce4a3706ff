// Placeholder entry; the real handler lands with the runtime issue (#4).
export async function handler(event: unknown): Promise<unknown> {
    throw new Error("handler 'subagent' is not implemented yet: " + JSON.stringify(event).slice(0, 100));
}
