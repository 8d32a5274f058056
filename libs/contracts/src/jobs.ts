// BullMQ queues, job names, payloads and options, in one place. Only apps/worker registers
// handlers (and checks at start-up that every job here has exactly one); other apps enqueue.
// Daily jobs carry a deterministic id (`<job>@<YYYY-MM-DD>`) so a retry, a second scheduler or a
// restart cannot run the same day twice. (BullMQ refuses ':' in custom ids.)

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

export type QueueName = (typeof Queues)[keyof typeof Queues];

/** Which queue each job runs on: every job name appears exactly once. */
export const JobQueues: Record<JobName, QueueName> = {
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

/** Retry and retention options for a job, as data (a subset of BullMQ's JobsOptions). */
export interface JobOptions {
  attempts?: number;
  backoff?: { type: 'exponential' | 'fixed'; delay: number };
  removeOnComplete?: { age: number } | { count: number };
  removeOnFail?: false | { count: number };
}

const DAY_SECONDS = 24 * 3600;
const PLANNER_STEP_OPTIONS: JobOptions = {
  attempts: 4,
  backoff: { type: 'exponential', delay: 10_000 },
  removeOnComplete: { age: 45 * DAY_SECONDS },
  removeOnFail: false,
};

/** Each job's options: every enqueue of a job uses these (plus, for daily jobs, dailyJobId). */
export const JOB_OPTIONS: Record<JobName, JobOptions> = {
  [JobNames.ensurePartitions]: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 5_000 },
    removeOnComplete: { age: 30 * DAY_SECONDS },
    removeOnFail: false,
  },
  [JobNames.scrapeMetrics]: { removeOnComplete: { count: 100 }, removeOnFail: { count: 500 } },
  [JobNames.plannerRollup]: PLANNER_STEP_OPTIONS,
  [JobNames.plannerForecast]: PLANNER_STEP_OPTIONS,
  [JobNames.plannerUtilization]: PLANNER_STEP_OPTIONS,
  [JobNames.plannerRecommendations]: PLANNER_STEP_OPTIONS,
  [JobNames.plannerAlerts]: PLANNER_STEP_OPTIONS,
  [JobNames.webhookDelivery]: {
    attempts: 8,
    backoff: { type: 'exponential', delay: 2_000 },
    removeOnComplete: { age: 7 * DAY_SECONDS },
    removeOnFail: false,
  },
  [JobNames.weeklyReport]: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 30_000 },
    removeOnComplete: { age: 90 * DAY_SECONDS },
    removeOnFail: false,
  },
};

/** How often the metrics scrape runs. */
export const SCRAPE_EVERY_MS = 30_000;

/** `date` is a day (YYYY-MM-DD) or, for weekly jobs, an ISO week (YYYY-Www). */
export function dailyJobId(job: JobName, date: string): string {
  return `${job}@${date}`;
}

/** A daily (or weekly) job's options with its deterministic id. */
export function dailyJobOptions(job: JobName, date: string): JobOptions & { jobId: string } {
  return { ...JOB_OPTIONS[job], jobId: dailyJobId(job, date) };
}
