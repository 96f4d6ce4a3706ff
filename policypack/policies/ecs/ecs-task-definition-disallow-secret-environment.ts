import { type ResourceValidationPolicy } from "@pulumi/policy";
import { json } from "../../lib/props";
import { registry } from "../../lib/registry";
import { secretProblem } from "../../lib/secrets";

/** No secrets in container environment variables: use `secrets` (Secrets Manager) or pass an ARN. */
export const ecsTaskDefinitionDisallowSecretEnvironment: ResourceValidationPolicy = registry.add({
    name: "ecs-task-definition-disallow-secret-environment",
    description: "Container environment variables hold names and ARNs, never secret values.",
    severity: "critical",
    remediationSteps: "Use the container definition's `secrets` (valueFrom a Secrets Manager ARN) or pass the ARN and read it at run time.",
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:ecs/taskDefinition:TaskDefinition") return;
        const containers = json<{ name?: string; environment?: { name: string; value: string }[] }[]>(args.props.containerDefinitions) ?? [];
        for (const c of containers) {
            for (const e of c.environment ?? []) {
                const problem = secretProblem(e.name, e.value);
                if (problem) reportViolation(`${args.name}: container ${c.name ?? "?"} environment variable ${e.name} looks like an inline secret (${problem}); use the container's secrets or pass a Secrets Manager ARN.`);
            }
        }
    },
});
