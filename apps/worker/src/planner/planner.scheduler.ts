// Fires the nightly chain on NIGHTLY_CRON (UTC) and, at start-up, catches up nights missed while
// the service was down (oldest first, as one chain). Several workers may run this: a Redis lock
// (SET NX PX) lets one tick through, and deterministic job ids make any overlap a no-op.
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import { addDays, lastNight, Queues } from '@tokenmeter/contracts';
import { PlannerRunRepository } from '@tokenmeter/db';
import { enqueueNights } from '@tokenmeter/planner';
import { Queue } from 'bullmq';
import { CronJob } from 'cron';
import Redis from 'ioredis';
import { PinoLogger } from 'nestjs-pino';

const LOCK_MS = 10 * 60_000;

@Injectable()
export class PlannerScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private redis: Redis | null = null;

  constructor(
    @InjectQueue(Queues.planner) private readonly queue: Queue,
    private readonly runs: PlannerRunRepository,
    private readonly registry: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(PlannerScheduler.name);
  }

  async onApplicationBootstrap(): Promise<void> {
    const job = CronJob.from({
      cronTime: this.config.NIGHTLY_CRON,
      timeZone: 'UTC',
      onTick: () => void this.tick().catch((err) => this.logger.error({ err }, 'nightly tick failed')),
    });
    this.registry.addCronJob('nightly-planner', job as never);
    job.start();
    await this.catchUp().catch((err) => this.logger.error({ err }, 'planner catch-up failed'));
  }

  /** The cron tick: plan the night that just ended. */
  async tick(now = new Date()): Promise<void> {
    const night = lastNight(now);
    if (!(await this.lock(`tick:${night}`))) return;
    await enqueueNights(this.queue, night, night);
  }

  /** Nights after the last completed one up to last night, oldest first (at most PLANNER_CATCHUP_NIGHTS). */
  async catchUp(now = new Date()): Promise<string | null> {
    const yesterday = lastNight(now);
    const last = await this.runs.lastCompletedNight('planner-alerts');
    const earliest = addDays(yesterday, -(this.config.PLANNER_CATCHUP_NIGHTS - 1));
    const next = last === null ? yesterday : addDays(last, 1);
    // biome-ignore lint/complexity/useMathMinMax: ISO dates are compared as strings, Math.max does not apply
    const from = next < earliest ? earliest : next;
    if (this.config.PLANNER_CATCHUP_NIGHTS === 0 || from > yesterday) return null;
    if (!(await this.lock(`catch-up:${from}:${yesterday}`))) return null;
    this.logger.info({ from, to: yesterday }, 'catching up missed nights');
    return enqueueNights(this.queue, from, yesterday);
  }

  private async lock(name: string): Promise<boolean> {
    this.redis ??= new Redis(this.config.REDIS_URL, { maxRetriesPerRequest: 3, lazyConnect: false });
    const redis = this.redis;
    const ok = await redis.set(
      `${this.config.QUEUE_PREFIX}:planner-lock:${name}`,
      String(process.pid),
      'PX',
      LOCK_MS,
      'NX',
    );
    return ok === 'OK';
  }

  async onModuleDestroy(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}
