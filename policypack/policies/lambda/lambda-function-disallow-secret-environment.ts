import { type ResourceValidationPolicy } from "@pulumi/policy";
import { registry } from "../../lib/registry";
import { secretProblem } from "../../lib/secrets";

/** No secrets in Lambda environment variables: pass a Secrets Manager ARN instead. */
export const lambdaFunctionDisallowSecretEnvironment: ResourceValidationPolicy = registry.add({
    name: "lambda-function-disallow-secret-environment",
    description: "Lambda environment variables hold names and ARNs, never secret values.",
    severity: "critical",
    remediationSteps: "Store the value in Secrets Manager and pass its ARN (SECRET_ARN); read it at run time.",
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:lambda/function:Function") return;
        const vars = (args.props.environment as { variables?: Record<string, unknown> } | undefined)?.variables ?? {};
        for (const name of Object.keys(vars)) {
            const problem = secretProblem(name, literal(vars, name));
            if (problem) reportViolation(`${args.name}: environment variable ${name} looks like an inline secret (${problem}); put it in Secrets Manager and pass its ARN.`);
        }
    },
});

/** The literal value of a variable, or undefined when it is only known after deployment. */
function literal(vars: Record<string, unknown>, name: string): unknown {
    try {
        return vars[name];
    } catch {
        return undefined;
    }
}
