// The base of every BullMQ processor in the worker. A processor names the jobs it handles in one
// map (job name → handler); the map is what the start-up check reads, so a job added to
// libs/contracts/src/jobs.ts without a handler, or handled twice, stops the worker at start.
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { applyDecorators, SetMetadata } from '@nestjs/common';
import type { JobName, JobPayloads, QueueName } from '@tokenmeter/contracts';
import type { Job } from 'bullmq';

export const JOB_QUEUE_METADATA = 'tokenmeter:job-queue';

/** BullMQ worker options (concurrency, lock duration, stalled-job checks). */
type NestWorkerOptions = Parameters<typeof Processor>[1];

/** `@Processor` for a queue of libs/contracts, recording the queue for the start-up check. */
export function JobProcessor(queue: QueueName, options?: NestWorkerOptions): ClassDecorator {
  return applyDecorators(
    options ? Processor(queue, options) : Processor(queue),
    SetMetadata(JOB_QUEUE_METADATA, queue),
  );
}

export type JobHandlers = { [J in JobName]?: (job: Job<JobPayloads[J]>) => Promise<unknown> };

export abstract class JobHost extends WorkerHost {
  /** The jobs this processor handles. Handlers read `this` only when they run. */
  abstract readonly handlers: JobHandlers;

  async process(job: Job): Promise<unknown> {
    const handler = this.handlers[job.name as JobName] as ((job: Job) => Promise<unknown>) | undefined;
    if (!handler) throw new Error(`no handler for job ${job.name} on queue ${job.queueName}`);
    return handler(job);
  }
}
