/**
 * The monthly cost a stack pays whether or not any agent runs, computed from the resources the
 * program registers (not guessed): interface endpoints per AZ, KMS keys, secrets, alarms and
 * dashboards. docs/decisions.md quotes it per stack (`npm run synth -- --stack <s> --fixed-costs`).
 * Prices: us-east-1 list prices, per month of 730 hours.
 */
import type { RecordedResource } from "../harness/mocks";

export const FIXED_PRICES = {
    reviewed: "2026-11 (us-east-1 list prices)",
    interfaceEndpointPerAzHour: 0.01,
    kmsKeyPerMonth: 1,
    secretPerMonth: 0.4,
    /** Standard-resolution alarms; metric-math alarms are billed per metric they query. */
    alarmMetricPerMonth: 0.1,
    /** The first three dashboards of an account are free; counted here as paid. */
    dashboardPerMonth: 3,
    hoursPerMonth: 730,
} as const;

export interface FixedCostLine {
    readonly item: string;
    readonly count: number;
    readonly monthlyUsd: number;
}

export function fixedMonthlyCosts(resources: readonly RecordedResource[]): { lines: FixedCostLine[]; totalUsd: number } {
    const of = (t: string) => resources.filter((r) => r.type === t);
    const interfaceEndpoints = of("aws:ec2/vpcEndpoint:VpcEndpoint").filter((e) => e.inputs.vpcEndpointType === "Interface");
    const endpointAzs = interfaceEndpoints.reduce((n, e) => n + ((e.inputs.subnetIds as unknown[]) ?? []).length, 0);
    const alarms = of("aws:cloudwatch/metricAlarm:MetricAlarm");
    const alarmMetrics = alarms.reduce((n, a) => n + (((a.inputs.metricQueries as { metric?: unknown }[]) ?? []).filter((q) => q.metric).length || 1), 0);
    const lines: FixedCostLine[] = [
        { item: `interface VPC endpoints (${interfaceEndpoints.length} services x AZs)`, count: endpointAzs, monthlyUsd: endpointAzs * FIXED_PRICES.interfaceEndpointPerAzHour * FIXED_PRICES.hoursPerMonth },
        { item: "KMS customer-managed keys", count: of("aws:kms/key:Key").length, monthlyUsd: of("aws:kms/key:Key").length * FIXED_PRICES.kmsKeyPerMonth },
        { item: "Secrets Manager secrets", count: of("aws:secretsmanager/secret:Secret").length, monthlyUsd: of("aws:secretsmanager/secret:Secret").length * FIXED_PRICES.secretPerMonth },
        { item: "CloudWatch alarm metrics", count: alarmMetrics, monthlyUsd: alarmMetrics * FIXED_PRICES.alarmMetricPerMonth },
        { item: "CloudWatch dashboards", count: of("aws:cloudwatch/dashboard:Dashboard").length, monthlyUsd: of("aws:cloudwatch/dashboard:Dashboard").length * FIXED_PRICES.dashboardPerMonth },
    ];
    return { lines, totalUsd: lines.reduce((s, l) => s + l.monthlyUsd, 0) };
}
