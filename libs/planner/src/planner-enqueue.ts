// Puts nights on the planner queue (the API, the scheduler and the processor enqueue this way).
// Ids are deterministic (`<step>@<date>`), so a second scheduler, a restart or a catch-up that
// overlaps the cron adds nothing. A rerun (manual run, backfill) first removes that night's
// finished jobs so the same ids can run again.

import {
  addDays,
  dailyJobId,
  dailyJobOptions,
  JobNames,
  PLANNER_CHAIN,
  PlannerStepPayload,
} from '@tokenmeter/contracts';
import type { Queue } from 'bullmq';

export class NightBusyError extends Error {}

/** Enqueues the chain's first step for `from`; the chain walks night by night up to `until`. */
export async function enqueueNights(
  queue: Queue,
  from: string,
  until: string,
  { rerun = false } = {},
): Promise<string> {
  if (rerun) {
    for (let d = from; d <= until; d = addDays(d, 1)) {
      for (const step of PLANNER_CHAIN) {
        const job = await queue.getJob(dailyJobId(step, d));
        if (!job) continue;
        const state = await job.getState();
        if (state === 'active') throw new NightBusyError(`night ${d} is running (${step}); try again when it finishes`);
        await job.remove();
      }
    }
  }
  const payload: PlannerStepPayload = { date: from, until, chain: true };
  const options = dailyJobOptions(JobNames.plannerRollup, from);
  await queue.add(JobNames.plannerRollup, payload, options);
  return options.jobId;
}
