// BullMQ queues, job names and payloads, in one place. Only apps/worker registers handlers;
// other apps enqueue. Daily jobs carry a deterministic id (`<job>@<YYYY-MM-DD>`) so a retry,
// a second scheduler or a restart cannot run the same day twice. (BullMQ refuses ':' in custom ids.)

export const Queues = {
  maintenance: 'maintenance',
} as const;

export const JobNames = {
  /** Keeps the monthly partitions of usage_records ready ahead of the data. */
  ensurePartitions: 'ensure-partitions',
} as const;

export type JobName = (typeof JobNames)[keyof typeof JobNames];

export interface JobPayloads {
  [JobNames.ensurePartitions]: { date: string };
}

/** Which queue each job runs on: every job name appears exactly once. */
export const JobQueues: Record<JobName, (typeof Queues)[keyof typeof Queues]> = {
  [JobNames.ensurePartitions]: Queues.maintenance,
};

export function dailyJobId(job: JobName, date: string): string {
  return `${job}@${date}`;
}
