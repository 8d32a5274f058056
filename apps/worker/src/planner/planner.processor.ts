// The planner queue's handler: runs one step of one night, then enqueues the next step (or the
// next night of a catch-up/backfill) with its deterministic id. Killed mid-step, the job is
// picked up again once its lock expires (BullMQ stalled-job check) and the step re-runs, which is
// safe because every step replaces the night's results.
import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { addDays, dailyJobId, isPlannerStep, JobNames, nextPlannerStep, PlannerStepPayload, Queues } from '@tokenmeter/contracts';
import { Job, Queue } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { NightlyChain, PLANNER_JOB_OPTIONS } from '@tokenmeter/planner';

@Processor(Queues.planner, { concurrency: 1, lockDuration: 20_000, stalledInterval: 10_000, maxStalledCount: 3 })
export class PlannerProcessor extends WorkerHost {
  constructor(
    private readonly chain: NightlyChain,
    @InjectQueue(Queues.planner) private readonly queue: Queue,
    private readonly logger: PinoLogger,
  ) {
    super();
    logger.setContext(PlannerProcessor.name);
  }

  async process(job: Job<PlannerStepPayload>): Promise<unknown> {
    if (!isPlannerStep(job.name)) throw new Error(`no handler for job ${job.name} on queue ${Queues.planner}`);
    const { date, until, chain = true } = job.data;
    const timing = await this.chain.runStep(job.name, date);
    this.logger.info({ step: job.name, date, seconds: timing.seconds }, 'planner step done');
    if (chain) {
      const next = nextPlannerStep(job.name);
      const [name, payload] =
        next !== null ? [next, { date, until, chain }] : until && date < until ? [JobNames.plannerRollup, { date: addDays(date, 1), until, chain }] : [null, null];
      if (name !== null && payload !== null) {
        await this.queue.add(name, payload, { ...PLANNER_JOB_OPTIONS, jobId: dailyJobId(name, payload.date) });
      }
    }
    return timing.output;
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<PlannerStepPayload> | undefined, error: Error): Promise<void> {
    if (!job || !isPlannerStep(job.name)) return;
    const exhausted = job.attemptsMade >= (job.opts.attempts ?? 1);
    this.logger.error({ step: job.name, date: job.data.date, attempt: job.attemptsMade, exhausted, err: error }, 'planner step failed');
    if (exhausted) await this.chain.jobExhausted(job.name, job.data.date, error.message).catch(() => undefined);
  }
}
