/** Small readers over resource properties as the policy SDK hands them over. */

/** Parses a JSON string property (IAM documents, definitions); objects pass through. */
export function json<T = any>(value: unknown): T | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") return value as T;
    try {
        return JSON.parse(value) as T;
    } catch {
        return undefined;
    }
}

export function asArray<T>(value: T | T[] | undefined): T[] {
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** The logical name in a URN (`urn:pulumi:stack::project::type::name`). */
export function nameOf(urn: string): string {
    return urn.split("::").pop() ?? urn;
}
