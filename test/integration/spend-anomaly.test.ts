// Spend anomalies (issue 18) against the real rollup tables: once a day is rolled up, a team's spend
// outside the interval forecast from the 28 days before alerts once, naming the models and projects
// that moved it; a re-run or a restart alerts nothing more, and a day not rolled up yet is not judged. It resolves,
// unsent, once a later day is judged, and a day judged again after that does not fire again.
import { SpendAnomalyWatch } from '@tokenmeter/planner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../libs/contracts/src';
import { withPlannerContext } from '../support/planner-context';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';

describe('spend anomalies', () => {
  let suite: UsageSuite;
  const queuePrefix = `anomaly${Date.now()}`;
  const DAY = '2026-03-29';

  const rollup = (day: string, team: string, project: string, model: string, usd: number) =>
    suite.sql.query(
      `INSERT INTO usage_rollups_daily (day, team, project, provider, model, deployment, input_tokens,
         cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, records,
         unpriced_records)
       VALUES ($1::date, $2, $3, 'openai', $4, '', 1000, 0, 0, 100, 0, 1, $5, 1, 0)`,
      [day, team, project, model, usd],
    );
  const rolledUp = (day: string) =>
    suite.sql.query(`INSERT INTO rollup_days (day, rolled_up_at, records) VALUES ($1::date, now(), 1)`, [day]);

  /** A worker's lifetime: each check runs in a fresh context, as after a restart. */
  const withWatch = <T>(run: (watch: SpendAnomalyWatch) => Promise<T>): Promise<T> =>
    withPlannerContext({ ...suite.env, QUEUE_PREFIX: queuePrefix }, (context) => run(context.get(SpendAnomalyWatch)));

  beforeAll(async () => {
    suite = await createUsageSuite();
    // 28 days of about $100 a day for search (chat on gpt-4o), and a steady $20 a day for ads.
    for (let back = 28; back >= 1; back--) {
      const day = addDays(DAY, -back);
      await rollup(day, 'search', 'chat', 'gpt-4o', 98 + (back % 5));
      await rollup(day, 'ads', 'bids', 'gpt-4o-mini', 20);
      await rolledUp(day);
    }
    // The day: search's usual $100 plus $150 of a new project on another model; ads as always.
    await rollup(DAY, 'search', 'chat', 'gpt-4o', 100);
    await rollup(DAY, 'search', 'agents', 'o3', 150);
    await rollup(DAY, 'ads', 'bids', 'gpt-4o-mini', 20);
  });

  afterAll(async () => {
    await suite?.close();
  });

  it('waits for the rollup, then alerts the day once with what moved it', async () => {
    const now = new Date(`${addDays(DAY, 1)}T06:00:00Z`);
    expect(await withWatch((watch) => watch.check(now))).toEqual([]);
    await rolledUp(DAY);
    // Judged even when the worker comes back two days late: the check covers the last week's days.
    const fired = await withWatch((watch) => watch.check(new Date(`${addDays(DAY, 3)}T06:00:00Z`)));
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ team: 'search', kind: 'spend-anomaly', subject: `day:${DAY}`, value: 250 });
    expect(fired[0]!.message).toContain(`search spent $250.00 on ${DAY}, above the forecast`);
    expect(fired[0]!.message).toMatch(/model o3 \+\$150\.00/);
    expect(fired[0]!.message).toMatch(/project agents \+\$150\.00/);
    const stored = await suite.sql.query(
      `SELECT count(*)::int AS n FROM alert_events WHERE kind = 'spend-anomaly' AND subject = $1`,
      [`day:${DAY}`],
    );
    expect(stored.rows[0].n).toBe(1);
    // A re-run, in a new process: nothing more.
    expect(await withWatch((watch) => watch.check(now))).toEqual([]);
  });

  it("resolves a day's anomaly once a later day is judged, so firing now is the last judged day's", async () => {
    const NEXT = addDays(DAY, 1);
    await rollup(NEXT, 'search', 'chat', 'gpt-4o', 100);
    await rollup(NEXT, 'ads', 'bids', 'gpt-4o-mini', 20);
    await rolledUp(NEXT);
    expect(await withWatch((watch) => watch.check(new Date(`${addDays(NEXT, 1)}T06:00:00Z`)))).toEqual([]);
    const states = await suite.sql.query(
      `SELECT subject, state, to_char(resolved_on, 'YYYY-MM-DD') AS resolved FROM alerts WHERE kind = 'spend-anomaly'`,
    );
    expect(states.rows).toEqual([{ subject: `day:${DAY}`, state: 'resolved', resolved: NEXT }]);
    // Recorded, not sent: nothing to act on (the outbox finds it delivered).
    const resolution = await suite.sql.query(
      `SELECT delivered_at IS NOT NULL AS delivered FROM alert_events
       WHERE kind = 'spend-anomaly' AND transition = 'resolved'`,
    );
    expect(resolution.rows).toEqual([{ delivered: true }]);
  });

  it('does not fire a day again that is judged again after it resolved (a backfill re-run)', async () => {
    expect(await withWatch((watch) => watch.check(new Date(`${addDays(DAY, 1)}T06:00:00Z`)))).toEqual([]);
    const events = await suite.sql.query(
      `SELECT transition FROM alert_events WHERE kind = 'spend-anomaly' AND subject = $1 ORDER BY created_at`,
      [`day:${DAY}`],
    );
    expect(events.rows.map((r) => r.transition)).toEqual(['fired', 'resolved']);
  });
});
