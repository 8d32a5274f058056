// The Monday weekly-report job against the real Postgres and Redis: enqueued once per week however
// often the scheduler fires, stores the organization's report and one per team (a team's holding
// only that team), a re-run replaces them, and a stored report no longer moves with the tables.

import { randomBytes } from 'node:crypto';
import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WeeklyReportBuilder, WeeklyReportModule } from '@tokenmeter/reports';
import { Queue } from 'bullmq';
import { LoggerModule } from 'nestjs-pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WeeklyReportProcessor } from '../../apps/worker/src/reports/weekly-report.processor';
import { WeeklyReportScheduler } from '../../apps/worker/src/reports/weekly-report.scheduler';
import { ConfigModule } from '../../libs/config/src';
import { parseConfig } from '../../libs/config/src/load-config';
import { Queues } from '../../libs/contracts/src';
import type { WeeklyReport } from '../../libs/finops/src';
import { loggerOptions } from '../../libs/observability/src';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';
import { waitFor } from '../support/wait-for';
import { SEED_TEAMS, seedWeeklyReportData } from '../support/weekly-report-seed';

const WEEK = '2026-W20'; // 2026-05-11 … 2026-05-17
const MONDAY_AFTER = new Date('2026-05-18T06:00:00Z');

describe('weekly report job', () => {
  let suite: UsageSuite;
  let context: INestApplicationContext;

  const stored = async () =>
    (
      await suite.sql.query<{ team: string; generated_at: Date; content: WeeklyReport }>(
        'SELECT team, generated_at, content FROM weekly_reports WHERE week = $1 ORDER BY team',
        [WEEK],
      )
    ).rows;

  beforeAll(async () => {
    suite = await createUsageSuite();
    await seedWeeklyReportData(suite.sql, WEEK);
    const config = parseConfig({
      ...process.env,
      ...suite.env,
      LOG_LEVEL: 'silent',
      QUEUE_PREFIX: `it-report-${randomBytes(3).toString('hex')}`,
    });
    @Module({
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions('worker', config.LOG_LEVEL)),
        BullModule.forRoot({ connection: { url: config.REDIS_URL }, prefix: config.QUEUE_PREFIX }),
        BullModule.registerQueue({ name: Queues.reports }),
        WeeklyReportModule,
      ],
      providers: [WeeklyReportScheduler, WeeklyReportProcessor],
    })
    class ReportJobTestModule {}
    context = await NestFactory.createApplicationContext(ReportJobTestModule, { logger: false, abortOnError: false });
    await context.init();
  });

  afterAll(async () => {
    const queue = context?.get<Queue>(getQueueToken(Queues.reports));
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await context?.close();
    await suite?.close();
  });

  it('enqueues the week before once, and stores the organization’s and every team’s report', async () => {
    const scheduler = context.get(WeeklyReportScheduler);
    expect(await scheduler.enqueueLastWeek(MONDAY_AFTER)).toBe(WEEK);
    expect(await scheduler.enqueueLastWeek(new Date('2026-05-18T06:00:05Z'))).toBe(WEEK); // a second scheduler
    const queue = context.get<Queue>(getQueueToken(Queues.reports));
    const job = await queue.getJob(`weekly-report@${WEEK}`);
    expect(job?.data).toEqual({ week: WEEK });
    await waitFor(
      () => job!.getState(),
      (state) => state === 'completed',
      60_000,
      'weekly report job completed',
    );
    expect(await queue.getJobCounts('completed', 'waiting', 'active', 'delayed')).toMatchObject({
      completed: 1,
      waiting: 0,
      active: 0,
      delayed: 0,
    });

    const rows = await stored();
    expect(rows.map((r) => r.team)).toEqual(['', 'ads', 'search']);
    const [org, ads] = [rows[0]!.content, rows[1]!.content];
    expect(org.preliminary).toBe(false);
    expect(org.spendByTeam.map((l) => l.label).sort()).toEqual([SEED_TEAMS.ads, SEED_TEAMS.search].sort());
    // ads: 15 USD a day of anthropic, both weeks → 105 and no change.
    expect(ads.totals).toMatchObject({ costUsd: 105, previousCostUsd: 105, changePct: 0, selfHostedTokens: 0 });
    expect(ads.team).toBe('ads');
    // The trend's ISO weeks, each seven seeded days: ads 15 USD and 2M API tokens a day; search's self-hosted
    // deployment 12M tokens a day.
    expect(ads.trend).toHaveLength(8);
    expect(ads.trend.at(-1)!.week).toBe(WEEK);
    for (const week of ads.trend) {
      expect(week).toMatchObject({ costUsd: 105, apiTokens: 14_000_000, selfHostedTokens: 0 });
    }
    const search = rows[2]!.content;
    expect(search.trend.map((w) => w.selfHostedTokens)).toEqual(Array(8).fill(84_000_000));
    const adsText = JSON.stringify(ads);
    for (const foreign of ['search', 'llama-a', 'gpt-4o', 'openai']) expect(adsText).not.toContain(foreign);
    expect(org.recommendations.map((r) => r.kind)).toEqual(['RIGHTSIZE', 'MIGRATE_TO_SELF_HOSTED']);
    expect(org.recommendations[1]!.chart?.crossingMonth).toBeGreaterThan(0);
    expect(org.utilization[0]).toMatchObject({ deployment: 'llama-a', costUsd: 672, idleWasteUsd: 470.4 });
    expect(org.alerts).toHaveLength(2);
    expect(ads.alerts.map((a) => a.team)).toEqual(['ads']);
  });

  it('a team’s report built alone holds exactly its own recommendations', async () => {
    const builder = context.get(WeeklyReportBuilder);
    const org = await builder.build(WEEK, null, MONDAY_AFTER);
    const teams = [...new Set(org.recommendations.map((r) => r.team))];
    expect(teams.length).toBeGreaterThan(0);
    for (const team of ['ads', 'search']) {
      const alone = await builder.build(WEEK, team, MONDAY_AFTER);
      expect(alone.recommendations).toEqual(org.recommendations.filter((r) => r.team === team));
    }
  });

  it('a re-run replaces the stored reports; a stored report then reads the same whatever changes later', async () => {
    const builder = context.get(WeeklyReportBuilder);
    const before = await stored();
    await suite.sql.query(
      `INSERT INTO usage_rollups_daily (day, team, project, provider, model, deployment,
         input_tokens, cached_input_tokens,
         cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, records, unpriced_records)
       VALUES ('2026-05-13', 'ads', '', 'openai', 'gpt-4o-mini', '', 1000, 0, 0, 0, 0, 1, 50, 1, 0)`,
    );
    const rerunAt = new Date('2026-05-19T09:00:00Z');
    await builder.generate(WEEK, rerunAt);
    const after = await stored();
    expect(after.map((r) => r.team)).toEqual(['', 'ads', 'search']);
    expect(after[1]!.content.totals.costUsd).toBe(155);
    expect(after[1]!.generated_at.toISOString()).toBe(rerunAt.toISOString());
    expect(after[0]!.content.totals.costUsd).toBe(before[0]!.content.totals.costUsd + 50);

    await suite.sql.query(
      `UPDATE usage_rollups_daily SET cost_usd = cost_usd * 10 WHERE day BETWEEN '2026-05-11' AND '2026-05-17'`,
    );
    const later = await builder.getOrBuild(WEEK, 'ads', new Date('2027-05-18T00:00:00Z'));
    expect(later.totals.costUsd).toBe(155);
    expect(later.generatedAt).toBe(rerunAt.toISOString());
  });
});
