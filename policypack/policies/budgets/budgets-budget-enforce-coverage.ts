import { type StackValidationPolicy } from "@pulumi/policy";
import { registry } from "../../lib/registry";
import { isTaggable } from "../../lib/taggable";

/**
 * At least one budget with notifications, and every value of the `repo` and `agent` tags used in
 * the stack is covered by some budget's TagKeyValue filter, so no repo or agent spends unwatched.
 */
export const budgetsBudgetEnforceCoverage: StackValidationPolicy = registry.add({
    name: "budgets-budget-enforce-coverage",
    description: "Budgets with notifications cover every repo and agent tag value in the stack.",
    severity: "high",
    remediationSteps: "Add an aws.budgets.Budget with costFilters TagKeyValue 'user:<key>$<value>' and notifications (components/cost-controls.ts).",
    configSchema: { properties: { coveredTagKeys: { type: "array", items: { type: "string" }, default: ["repo", "agent"] } } },
    validateStack: (args, reportViolation) => {
        const budgets = args.resources.filter((r) => r.type === "aws:budgets/budget:Budget");
        const notified = budgets.filter((b) => ((b.props.notifications as unknown[]) ?? []).length > 0);
        if (notified.length === 0) {
            reportViolation("The stack has no budget with notifications; add an aws.budgets.Budget with at least one notification.");
            return;
        }
        const covered = new Set(notified.flatMap((b) => ((b.props.costFilters as { name: string; values: string[] }[]) ?? []).filter((f) => f.name === "TagKeyValue").flatMap((f) => f.values)));
        for (const key of args.getConfig<{ coveredTagKeys: string[] }>().coveredTagKeys) {
            const values = new Set(args.resources.filter((r) => isTaggable(r.type)).map((r) => (r.props.tags as Record<string, string> | undefined)?.[key]).filter((v): v is string => Boolean(v)));
            for (const value of [...values].sort()) {
                if (!covered.has(`user:${key}$${value}`)) reportViolation(`No budget covers ${key}=${value}; add a budget whose TagKeyValue filter includes 'user:${key}$${value}'.`);
            }
        }
    },
});
