// BullMQ queues, job names and payloads, in one place. Only apps/worker registers handlers;
// other apps enqueue. Daily jobs carry a deterministic id (`<job>@<YYYY-MM-DD>`) so a retry,
// a second scheduler or a restart cannot run the same day twice. (BullMQ refuses ':' in custom ids.)

export const Queues = {
  maintenance: 'maintenance',
  /** Self-hosted telemetry: metrics scrapes. */
  telemetry: 'telemetry',
  /** The nightly chain, one step at a time. */
  planner: 'planner',
  /** One job per webhook delivery, retried with backoff. */
  webhooks: 'webhooks',
  /** The weekly report, built and stored every Monday for the week before. */
  reports: 'reports',
} as const;

export const JobNames = {
  /** Keeps the monthly partitions of usage_records ready ahead of the data. */
  ensurePartitions: 'ensure-partitions',
  /** Scrapes every deployment's vLLM and DCGM /metrics endpoints (repeatable, every SCRAPE_EVERY_MS). */
  scrapeMetrics: 'scrape-metrics',
  plannerRollup: 'planner-rollup',
  plannerForecast: 'planner-forecast',
  plannerUtilization: 'planner-utilization',
  plannerRecommendations: 'planner-recommendations',
  plannerAlerts: 'planner-alerts',
  webhookDelivery: 'webhook-delivery',
  weeklyReport: 'weekly-report',
} as const;

export type JobName = (typeof JobNames)[keyof typeof JobNames];

/**
 * A nightly step for `date` (YYYY-MM-DD, the UTC day whose events it plans on). `until` continues
 * the chain night by night up to that date (catch-up and backfill, oldest first); `chain: false`
 * runs the one step only.
 */
export interface PlannerStepPayload {
  date: string;
  until?: string;
  chain?: boolean;
}

export interface WebhookDeliveryPayload {
  endpointId: string;
  /** The exact JSON body that is signed and posted. */
  body: string;
  /** What is delivered, for logs (`alert fired: team-a run-rate-review`). */
  describe: string;
}

export interface JobPayloads {
  [JobNames.ensurePartitions]: { date: string };
  /** Empty: each run scrapes the deployments configured at that moment. */
  [JobNames.scrapeMetrics]: Record<string, never>;
  [JobNames.plannerRollup]: PlannerStepPayload;
  [JobNames.plannerForecast]: PlannerStepPayload;
  [JobNames.plannerUtilization]: PlannerStepPayload;
  [JobNames.plannerRecommendations]: PlannerStepPayload;
  [JobNames.plannerAlerts]: PlannerStepPayload;
  [JobNames.webhookDelivery]: WebhookDeliveryPayload;
  /** `week` is an ISO week `YYYY-Www`; the job builds and stores the organization's and every team's report. */
  [JobNames.weeklyReport]: { week: string };
}

/** Which queue each job runs on: every job name appears exactly once. */
export const JobQueues: Record<JobName, (typeof Queues)[keyof typeof Queues]> = {
  [JobNames.ensurePartitions]: Queues.maintenance,
  [JobNames.scrapeMetrics]: Queues.telemetry,
  [JobNames.plannerRollup]: Queues.planner,
  [JobNames.plannerForecast]: Queues.planner,
  [JobNames.plannerUtilization]: Queues.planner,
  [JobNames.plannerRecommendations]: Queues.planner,
  [JobNames.plannerAlerts]: Queues.planner,
  [JobNames.webhookDelivery]: Queues.webhooks,
  [JobNames.weeklyReport]: Queues.reports,
};

/** The nightly chain, in order: each step reads what the previous ones wrote for the same night. */
export const PLANNER_CHAIN = [
  JobNames.plannerRollup,
  JobNames.plannerForecast,
  JobNames.plannerUtilization,
  JobNames.plannerRecommendations,
  JobNames.plannerAlerts,
] as const;

export type PlannerStep = (typeof PLANNER_CHAIN)[number];

/** The step after `step`, or null after the last one. */
export function nextPlannerStep(step: PlannerStep): PlannerStep | null {
  const index = PLANNER_CHAIN.indexOf(step);
  return index < PLANNER_CHAIN.length - 1 ? PLANNER_CHAIN[index + 1] : null;
}

export function isPlannerStep(name: string): name is PlannerStep {
  return (PLANNER_CHAIN as readonly string[]).includes(name);
}

/** How often the metrics scrape runs. */
export const SCRAPE_EVERY_MS = 30_000;

/** `date` is a day (YYYY-MM-DD) or, for weekly jobs, an ISO week (YYYY-Www). */
export function dailyJobId(job: JobName, date: string): string {
  return `${job}@${date}`;
}
