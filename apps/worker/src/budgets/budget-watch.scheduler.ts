// Runs the budget check and the spend-anomaly check (the last week's days, once rolled up) every
// BUDGET_ALERT_INTERVAL_SECONDS, and once at start, so a worker that was down catches up. Runs never
// overlap in one process; across workers the firing table's primary key keeps each threshold to one
// alert, and an anomaly's alert is keyed by its day.
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { RepeatingTask, repeatEvery } from '@tokenmeter/bootstrap';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import { BudgetWatch, SpendAnomalyWatch } from '@tokenmeter/planner';
import { PinoLogger } from 'nestjs-pino';

@Injectable()
export class BudgetWatchScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private checks: RepeatingTask | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly watch: BudgetWatch,
    private readonly anomalies: SpendAnomalyWatch,
    private readonly logger: PinoLogger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    logger.setContext(BudgetWatchScheduler.name);
  }

  onApplicationBootstrap(): void {
    this.checks = repeatEvery(this.config.BUDGET_ALERT_INTERVAL_SECONDS, () => this.tick());
  }

  async onModuleDestroy(): Promise<void> {
    this.checks?.stop();
    await this.running;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    const now = new Date();
    // One after the other: each delivers what it recorded at once, so a check that crosses many thresholds goes
    // out as one digest instead of being split with the other's delivery (a reviewer's six came one by one).
    this.running = this.watch
      .check(now)
      .then(async (fired) => [...fired, ...(await this.anomalies.check(now))])
      .then((fired) => {
        if (fired.length > 0)
          this.logger.info({ fired: fired.map((e) => e.message) }, 'budget thresholds crossed or spend anomalies');
      })
      .catch((error: unknown) =>
        this.logger.warn({ err: error }, 'budget or anomaly check failed; retried next interval'),
      )
      .finally(() => {
        this.running = null;
      });
    await this.running;
  }
}
