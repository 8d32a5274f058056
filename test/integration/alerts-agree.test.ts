import { NestFactory } from '@nestjs/core';
import { AlertStep } from '@tokenmeter/planner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../libs/contracts/src';
import { AlertEventRepository, RecommendationRepository } from '../../libs/db/src';
import { startPlannerContext } from '../support/planner-context';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';

const D = '2026-03-20';

describe('alerts agree with recommendations', () => {
  let suite: UsageSuite;
  let context: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>;

  /** `tokensPerDay` of one workload for the 28 days up to `night` (input 70%, output 30%). */
  const usage = async (night: string, model: string, tokensPerDay: number) => {
    await suite.sql.query(
      `INSERT INTO usage_rollups_daily (day, team, provider, model, input_tokens, cached_input_tokens,
         cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, records, unpriced_records)
       SELECT d, 'search', 'openai', $2, round($3 * 0.7), 0, 0, round($3 * 0.3), 0, 1, 1, 1, 0
       FROM generate_series($1::date - 27, $1::date, interval '1 day') AS d
       ON CONFLICT DO NOTHING`,
      [night, model, tokensPerDay],
    );
  };
  const recommend = (
    night: string,
    recs: {
      model: string;
      kind: string;
      breakEvenMonths: number | null;
      threshold: number;
      figuresOption?: string;
      buyBreakEvenMonths?: number;
    }[],
  ) =>
    context.get(RecommendationRepository).replaceNight(
      night,
      recs.map((r) => ({
        team: 'search',
        workload: `api:openai/${r.model}`,
        kind: r.kind,
        fingerprint: 'f'.repeat(64),
        announced: true,
        rationale: 'test',
        inputs: {},
        numbers: {
          breakEvenMonths: r.breakEvenMonths,
          thresholdTokensPerMonth: r.threshold,
          figuresOption: r.figuresOption ?? 'buy',
          buyBreakEvenMonths: r.buyBreakEvenMonths ?? r.breakEvenMonths,
        },
      })),
    );

  beforeAll(async () => {
    suite = await createUsageSuite();
    context = await startPlannerContext(suite.env);
  }, 300_000);
  afterAll(async () => {
    await context?.close();
    await suite?.close();
  });

  it('fires break-even only on migrate nights, resolves on STAY and on "never", per-workload thresholds', async () => {
    const step = context.get(AlertStep);
    const events = context.get(AlertEventRepository);
    const night = async (date: string) => {
      await step.run(date);
      return (await events.forNight(date)).map((e) => `${e.transition} ${e.kind} ${e.subject}`).sort();
    };
    // Two workloads of 25M tokens a month each: 50M for the team, but each under its own threshold.
    for (const model of ['gpt-4o', 'o3']) await usage(addDays(D, 2), model, 25e6 / 30.44);

    await recommend(D, [
      { model: 'gpt-4o', kind: 'STAY_ON_API', breakEvenMonths: 3, threshold: 30e6 },
      { model: 'o3', kind: 'STAY_ON_API', breakEvenMonths: null, threshold: 60e6 },
    ]);
    // A short break-even on a STAY night is no alert; 25M is under each workload's threshold.
    expect(await night(D)).toEqual(['fired run-rate-review team']);

    const d1 = addDays(D, 1);
    await recommend(d1, [
      { model: 'gpt-4o', kind: 'MIGRATE_TO_SELF_HOSTED', breakEvenMonths: 4, threshold: 20e6 },
      { model: 'o3', kind: 'HYBRID', breakEvenMonths: null, threshold: 60e6 },
    ]);
    expect(await night(d1)).toEqual([
      'fired break-even-short api:openai/gpt-4o',
      'fired run-rate-self-host api:openai/gpt-4o',
    ]);
    const fired = (await events.forNight(d1)).find((e) => e.kind === 'break-even-short');
    expect(fired?.evidence.recommendation).toMatchObject({
      runDate: d1,
      workload: 'api:openai/gpt-4o',
      kind: 'MIGRATE_TO_SELF_HOSTED',
      api: `/v1/recommendations?team=search&from=${d1}&to=${d1}`,
    });

    const d2 = addDays(D, 2);
    // Still MIGRATE, but break-even became "never": the break-even alert resolves.
    await recommend(d2, [
      { model: 'gpt-4o', kind: 'MIGRATE_TO_SELF_HOSTED', breakEvenMonths: null, threshold: 20e6 },
      { model: 'o3', kind: 'STAY_ON_API', breakEvenMonths: 2, threshold: 60e6 },
    ]);
    expect(await night(d2)).toEqual(['resolved break-even-short api:openai/gpt-4o']);
    // Re-running a night changes nothing.
    expect(await night(d2)).toEqual(['resolved break-even-short api:openai/gpt-4o']);

    // Buying pays back again (4 months): the alert fires. The next night renting wins, cheaper month by
    // month (issue #15): nothing to pay back, so the alert resolves and says why, though buying's own
    // break-even is still 4 months.
    const d3 = addDays(D, 3);
    await recommend(d3, [{ model: 'gpt-4o', kind: 'MIGRATE_TO_SELF_HOSTED', breakEvenMonths: 4, threshold: 20e6 }]);
    expect(await night(d3)).toEqual(['fired break-even-short api:openai/gpt-4o']);
    const d4 = addDays(D, 4);
    await recommend(d4, [
      {
        model: 'gpt-4o',
        kind: 'MIGRATE_TO_SELF_HOSTED',
        breakEvenMonths: null,
        threshold: 20e6,
        figuresOption: 'rent',
        buyBreakEvenMonths: 4,
      },
    ]);
    expect(await night(d4)).toEqual(['resolved break-even-short api:openai/gpt-4o']);
    const resolved = (await events.forNight(d4)).find((e) => e.kind === 'break-even-short');
    expect(resolved?.message).toMatch(/the chosen option \(rent\) has no up-front cost to pay back/);
  }, 120_000);

  it('judges a workload first seen inside the 28 days on the days since, from its first week', async () => {
    const step = context.get(AlertStep);
    const events = context.get(AlertEventRepository);
    const start = '2026-04-06';
    // 5M tokens a day from `start` on: about 152M a month, whatever the night.
    await suite.sql.query(
      `INSERT INTO usage_rollups_daily (day, team, provider, model, input_tokens, cached_input_tokens,
         cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, records, unpriced_records)
       SELECT d, 'ads', 'openai', 'gpt-4o', 3500000, 0, 0, 1500000, 0, 1, 1, 1, 0
       FROM generate_series($1::date, $1::date + 9, interval '1 day') AS d`,
      [start],
    );
    const night = async (date: string) => {
      await context.get(RecommendationRepository).replaceNight(date, [
        {
          team: 'ads',
          workload: 'api:openai/gpt-4o',
          kind: 'STAY_ON_API',
          fingerprint: 'f'.repeat(64),
          announced: true,
          rationale: 'test',
          inputs: {},
          numbers: { breakEvenMonths: null, thresholdTokensPerMonth: 50e6 },
        },
      ]);
      await step.run(date);
      return (await events.forNight(date)).filter((e) => e.team === 'ads');
    };
    // Five days: too few to scale to a month, so nothing is judged (over 28 days it read 27M, under 50M).
    expect(await night(addDays(start, 4))).toEqual([]);
    // Eight days: 152M a month, over the workload's 50M and the team's review line.
    const fired = await night(addDays(start, 7));
    expect(fired.map((e) => `${e.transition} ${e.kind}`).sort()).toEqual([
      'fired run-rate-review',
      'fired run-rate-self-host',
    ]);
    const own = fired.find((e) => e.kind === 'run-rate-self-host')!;
    expect(Number(own.value)).toBeCloseTo(5e6 * 30.4375, 0);
    expect(own.message).toMatch(/^openai\/gpt-4o: monthly run-rate 152\.2M tokens \(8-day average\) crossed/);
    expect(own.evidence).toMatchObject({ tokensLast28Days: 40e6, days: 8 });
  }, 120_000);
});
