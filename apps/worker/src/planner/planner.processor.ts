// The planner queue's handler: runs one step of one night, then enqueues the next step (or the
// next night of a catch-up/backfill) with its deterministic id. Killed mid-step, the job is
// picked up again once its lock expires (BullMQ stalled-job check) and the step re-runs, which is
// safe because every step replaces the night's results.
import { InjectQueue, OnWorkerEvent } from '@nestjs/bullmq';
import {
  addDays,
  dailyJobOptions,
  isPlannerStep,
  JobNames,
  nextPlannerStep,
  PLANNER_CHAIN,
  PlannerStep,
  PlannerStepPayload,
  Queues,
} from '@tokenmeter/contracts';
import { NightlyChain } from '@tokenmeter/planner';
import { Job, Queue } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { JobHandlers, JobHost, JobProcessor } from '../jobs/job-host';

@JobProcessor(Queues.planner, { concurrency: 1, lockDuration: 20_000, stalledInterval: 10_000, maxStalledCount: 3 })
export class PlannerProcessor extends JobHost {
  /** Every step of the chain, one handler. */
  readonly handlers: JobHandlers = Object.fromEntries(
    PLANNER_CHAIN.map((step) => [step, (job: Job<PlannerStepPayload>) => this.runStep(job)]),
  );

  constructor(
    private readonly chain: NightlyChain,
    @InjectQueue(Queues.planner) private readonly queue: Queue,
    private readonly logger: PinoLogger,
  ) {
    super();
    logger.setContext(PlannerProcessor.name);
  }

  private async runStep(job: Job<PlannerStepPayload>): Promise<unknown> {
    const step = job.name as PlannerStep;
    const { date, until, chain = true } = job.data;
    const timing = await this.chain.runStep(step, date);
    this.logger.info({ step, date, seconds: timing.seconds }, 'planner step done');
    if (chain) {
      const next = nextPlannerStep(step);
      const [name, payload] =
        next !== null
          ? [next, { date, until, chain }]
          : until && date < until
            ? [JobNames.plannerRollup, { date: addDays(date, 1), until, chain }]
            : [null, null];
      if (name !== null && payload !== null) {
        await this.queue.add(name, payload, dailyJobOptions(name, payload.date));
      }
    }
    return timing.output;
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<PlannerStepPayload> | undefined, error: Error): Promise<void> {
    if (!job || !isPlannerStep(job.name)) return;
    const exhausted = job.attemptsMade >= (job.opts.attempts ?? 1);
    this.logger.error(
      { step: job.name, date: job.data.date, attempt: job.attemptsMade, exhausted, err: error },
      'planner step failed',
    );
    if (exhausted) await this.chain.jobExhausted(job.name, job.data.date, error.message).catch(() => undefined);
  }
}
