// Deployments for the self-hosted telemetry suites, written straight into the suite's database.
import type { Client } from 'pg';

export interface TestDeployment {
  name: string;
  team: string;
  servedModel: string;
  logStatsIntervalSec?: number;
  vllmMetricsUrl?: string | null;
  dcgmMetricsUrl?: string | null;
  kubernetesLabels?: Record<string, string>;
}

export async function insertDeployment(sql: Client, d: TestDeployment): Promise<void> {
  await sql.query(
    `INSERT INTO deployments (id, name, team, served_model, gpu_type, gpu_count, gpu_unit_price_usd,
       gpu_power_watts, electricity_usd_per_kwh, log_stats_interval_sec, vllm_metrics_url, dcgm_metrics_url,
       kubernetes_labels, updated_at)
     VALUES (gen_random_uuid(), $1, $2, $3, 'h100-80gb', 4, 30000, 700, 0.15, $4, $5, $6, $7, now())`,
    [
      d.name,
      d.team,
      d.servedModel,
      d.logStatsIntervalSec ?? 10,
      d.vllmMetricsUrl ?? null,
      d.dcgmMetricsUrl ?? null,
      JSON.stringify(d.kubernetesLabels ?? {}),
    ],
  );
}

/** The value of one Prometheus sample in a /metrics text, or 0 when absent. */
export function metricValue(text: string, name: string, labels: string): number {
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{${labels}}`) || (labels === '' && l.startsWith(`${name} `)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}
