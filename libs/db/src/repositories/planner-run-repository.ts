// planner_runs: one row per night and step, so a run's progress, timings and failures are visible
// (API, CLI) and a restarted worker knows which nights to catch up.
import { Injectable } from '@nestjs/common';
import { DatabasePool } from '../client/database-pool';

export interface PlannerRunRow {
  runDate: string;
  step: string;
  status: 'running' | 'completed' | 'failed';
  attempts: number;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  error: string | null;
  output: Record<string, unknown>;
}

@Injectable()
export class PlannerRunRepository {
  constructor(private readonly db: DatabasePool) {}

  async started(runDate: string, step: string): Promise<void> {
    await this.db.query(
      `INSERT INTO planner_runs (run_date, step, status, attempts, started_at)
       VALUES ($1::date, $2, 'running', 1, now())
       ON CONFLICT (run_date, step) DO UPDATE SET status = 'running', attempts = planner_runs.attempts + 1,
         started_at = now(), finished_at = NULL, duration_ms = NULL, error = NULL`,
      [runDate, step],
    );
  }

  async completed(runDate: string, step: string, output: Record<string, unknown>): Promise<void> {
    await this.db.query(
      `UPDATE planner_runs SET status = 'completed', finished_at = now(), error = NULL, output = $3::jsonb,
         duration_ms = (extract(epoch FROM now() - started_at) * 1000)::int
       WHERE run_date = $1::date AND step = $2`,
      [runDate, step, JSON.stringify(output)],
    );
  }

  async failed(runDate: string, step: string, error: string): Promise<void> {
    await this.db.query(
      `INSERT INTO planner_runs (run_date, step, status, attempts, started_at, finished_at, error)
       VALUES ($1::date, $2, 'failed', 1, now(), now(), $3)
       ON CONFLICT (run_date, step) DO UPDATE SET status = 'failed', finished_at = now(), error = $3,
         duration_ms = (extract(epoch FROM now() - planner_runs.started_at) * 1000)::int`,
      [runDate, step, error.slice(0, 4000)],
    );
  }

  /** The latest night whose last step completed, or null before the first. */
  async lastCompletedNight(lastStep: string): Promise<string | null> {
    const { rows } = await this.db.query<{ d: string | null }>(
      `SELECT to_char(max(run_date), 'YYYY-MM-DD') AS d FROM planner_runs WHERE step = $1 AND status = 'completed'`,
      [lastStep],
    );
    return rows[0]?.d ?? null;
  }

  async list(filter: { from?: string; to?: string; status?: string; limit?: number } = {}): Promise<PlannerRunRow[]> {
    const { rows } = await this.db.query<Record<string, unknown>>(
      `SELECT to_char(run_date, 'YYYY-MM-DD') AS run_date, step, status, attempts, started_at, finished_at,
         duration_ms, error, output
       FROM planner_runs
       WHERE ($1::date IS NULL OR run_date >= $1::date) AND ($2::date IS NULL OR run_date <= $2::date)
         AND ($3::text IS NULL OR status = $3)
       ORDER BY run_date DESC, started_at DESC NULLS LAST LIMIT $4`,
      [filter.from ?? null, filter.to ?? null, filter.status ?? null, filter.limit ?? 500],
    );
    return rows.map((r) => ({
      runDate: r.run_date as string,
      step: r.step as string,
      status: r.status as PlannerRunRow['status'],
      attempts: r.attempts as number,
      startedAt: r.started_at as Date | null,
      finishedAt: r.finished_at as Date | null,
      durationMs: r.duration_ms as number | null,
      error: r.error as string | null,
      output: r.output as Record<string, unknown>,
    }));
  }
}
