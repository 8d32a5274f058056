// Runs the per-scope forecasts on every core: a pool of worker threads (Piscina), each with its own
// WASM models, fed batches of scopes. Started on first use, so processes that never forecast (the
// API importing the planner's module) start no threads; PLANNER_FORECAST_THREADS=1 keeps it to one.
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import type { ForecastCalendar, VolumeForecast, VolumeForecastOptions } from '@tokenmeter/finops';
import { Piscina } from 'piscina';
import type { ForecastTask } from './forecast-task';

/** Scopes per task: enough to make a thread's round trip negligible, few enough to balance the threads. */
const SCOPES_PER_TASK = 32;

@Injectable()
export class ForecastPool implements OnModuleDestroy {
  private pool: Piscina<ForecastTask, VolumeForecast[]> | null = null;
  readonly threads: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.threads = config.PLANNER_FORECAST_THREADS || availableParallelism();
  }

  /** The forecast of each history (with its calendar, when given), in order. */
  async forecast(
    histories: readonly number[][],
    settings: VolumeForecastOptions = {},
    calendars: readonly ForecastCalendar[] = [],
  ): Promise<VolumeForecast[]> {
    if (histories.length === 0) return [];
    this.pool ??= new Piscina({
      filename: path.join(__dirname, 'forecast.worker.js'),
      minThreads: this.threads,
      maxThreads: this.threads,
      idleTimeout: 60_000,
      recordTiming: false,
    });
    const pool = this.pool;
    const tasks: Promise<VolumeForecast[]>[] = [];
    for (let i = 0; i < histories.length; i += SCOPES_PER_TASK) {
      const batch = histories.slice(i, i + SCOPES_PER_TASK).map((h) => Float64Array.from(h));
      const task: ForecastTask = {
        histories: batch,
        calendars: batch.map((_, k) => calendars[i + k] ?? {}),
        settings,
      };
      tasks.push(pool.run(task, { transferList: batch.map((h) => h.buffer) }));
    }
    return (await Promise.all(tasks)).flat();
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.destroy();
    this.pool = null;
  }
}
