// metric_counter_states: the raw counters of each deployment's last scrape, per target (`vllm`,
// `dcgm`), so the next scrape can turn counters into increases. Reads lock the row: the scraper
// reads, writes its usage row and sample, and saves the new counters in one transaction, so a
// crash or a second scraper can never count the same increase twice.
import { Injectable } from '@nestjs/common';
import type { SqlExecutor } from '../client/sql-executor';

export type ScrapeTarget = 'vllm' | 'dcgm';

export interface CounterState {
  counters: unknown;
  time: Date;
}

@Injectable()
export class MetricCounterStateRepository {
  /** The stored state, locked until the transaction of `client` ends; null on the first scrape. */
  async lock(client: SqlExecutor, deployment: string, target: ScrapeTarget): Promise<CounterState | null> {
    const { rows } = await client.query(
      'SELECT counters, time FROM metric_counter_states WHERE deployment = $1 AND target = $2 FOR UPDATE',
      [deployment, target],
    );
    return rows.length === 0 ? null : { counters: rows[0].counters, time: rows[0].time };
  }

  async save(
    client: SqlExecutor,
    deployment: string,
    target: ScrapeTarget,
    counters: unknown,
    time: Date,
  ): Promise<void> {
    await client.query(
      `INSERT INTO metric_counter_states (deployment, target, counters, time) VALUES ($1, $2, $3::jsonb, $4)
       ON CONFLICT (deployment, target) DO UPDATE SET counters = EXCLUDED.counters, time = EXCLUDED.time`,
      [deployment, target, JSON.stringify(counters), time.toISOString()],
    );
  }
}
