/**
 * Every policy of the pack. Each file registers its policy with the registry on import; this list
 * is the only place that names them, and the registry refuses duplicates.
 */
import "./policies/iam/iam-policy-disallow-wildcard-action";
import "./policies/iam/iam-policy-disallow-wildcard-resource";
import "./policies/iam/iam-role-disallow-admin-attachments";
import "./policies/iam/iam-policy-configure-passrole";
import "./policies/ec2/ec2-gateway-disallow-internet";
import "./policies/ec2/ec2-subnet-disallow-public-ip";
import "./policies/ec2/ec2-security-group-disallow-public-egress";
import "./policies/lambda/lambda-function-enforce-vpc";
import "./policies/lambda/lambda-function-enable-tracing";
import "./policies/lambda/lambda-function-configure-reserved-concurrency";
import "./policies/lambda/lambda-function-disallow-secret-environment";
import "./policies/lambda/lambda-event-source-mapping-configure-max-concurrency";
import "./policies/ecs/ecs-task-definition-enforce-awsvpc";
import "./policies/ecs/ecs-task-definition-disallow-secret-environment";
import "./policies/secretsmanager/secretsmanager-secret-enable-rotation";
import "./policies/s3/s3-bucket-enforce-private-encrypted";
import "./policies/tags/all-resources-enforce-mandatory-tags";
import "./policies/budgets/budgets-budget-enforce-coverage";
import "./policies/cloudwatch/cloudwatch-log-group-configure-retention";
import "./policies/cloudwatch/cloudwatch-alarms-missing-for-supervisor";
import "./policies/sfn/sfn-state-machine-enable-tracing";
import "./policies/sfn/sfn-state-machine-enable-logging";
import "./policies/sfn/sfn-state-machine-configure-concurrency";
import "./policies/sfn/sfn-state-machine-enforce-merge-step";
import "./policies/artifact/iam-role-policy-enforce-patch-only-writes";
import "./policies/artifact/iam-role-policy-enforce-conductor-writers";
