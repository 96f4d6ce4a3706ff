import { type ResourceValidationPolicy } from "@pulumi/policy";
import { registry } from "../../lib/registry";
import { isTaggable } from "../../lib/taggable";

/** The cost gate's tags on every taggable AWS resource. */
export const allResourcesEnforceMandatoryTags: ResourceValidationPolicy = registry.add({
    name: "all-resources-enforce-mandatory-tags",
    description: "Every taggable resource carries the cost-allocation tags (agent, repo, env by default).",
    severity: "medium",
    remediationSteps: "Set tags with lib/tags.ts tagsFor({ env, repo, agent }) on the resource.",
    configSchema: { properties: { mandatoryTags: { type: "array", items: { type: "string" }, default: ["agent", "repo", "env"] } } },
    validateResource: (args, reportViolation) => {
        if (!isTaggable(args.type)) return;
        const tags = (args.props.tags as Record<string, string> | undefined) ?? {};
        const missing = args.getConfig<{ mandatoryTags: string[] }>().mandatoryTags.filter((k) => !tags[k]);
        if (missing.length > 0) reportViolation(`${args.name} (${args.type}) lacks the tag${missing.length > 1 ? "s" : ""} ${missing.join(", ")}; add them so its cost is attributed.`);
    },
});
