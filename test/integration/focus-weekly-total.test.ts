// A demo-like week through the real nightly steps and the real tables: API usage (one model priced at
// the standard rate, the same model through the Batch API at half, a client-priced model) and one
// self-hosted deployment serving two teams. The FOCUS export of the week adds up to the weekly
// report's total to the cent, provider by provider, and the deployment's days show back to the teams
// it served with its idle part charged to its owner.

import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DbModule, TeamRepository, UsageQueryRepository } from '@tokenmeter/db';
import { focusExportRows, selfHostedFocusRows } from '@tokenmeter/finops';
import { OrganizationAssumptionsService, RollupStep, UtilizationStep } from '@tokenmeter/planner';
import { WeeklyReportBuilder, WeeklyReportModule } from '@tokenmeter/reports';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigModule, parseConfig } from '../../libs/config/src';
import { parseIsoWeek } from '../../libs/contracts/src';
import { ensureMonthlyPartitions } from '../support/planner-history';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';

const WEEK = '2026-W20'; // 2026-05-11 … 2026-05-17
const DAYS = parseIsoWeek(WEEK)!.days;

/** Exact decimal sum of FOCUS cost strings, in 10^-12 USD. */
const pico = (values: (string | null)[]) =>
  values.reduce((sum, v) => {
    const [whole, fraction = ''] = v!.split('.');
    return sum + BigInt(whole!) * 10n ** 12n + BigInt(fraction.padEnd(12, '0'));
  }, 0n);
const toCents = (p: bigint) => Number((p + 5n * 10n ** 9n) / 10n ** 10n) / 100;

describe('FOCUS export of a week = the weekly report', () => {
  let suite: UsageSuite;
  let context: INestApplicationContext;

  beforeAll(async () => {
    suite = await createUsageSuite();
    await ensureMonthlyPartitions(suite.sql, new Date('2026-05-01T00:00:00Z'), new Date('2026-05-31T00:00:00Z'));
    const sql = suite.sql;
    await sql.query(
      `INSERT INTO teams (id, slug, name) VALUES (gen_random_uuid(), 'search', 'Search'),
         (gen_random_uuid(), 'ads', 'Ads')`,
    );
    await sql.query(
      `INSERT INTO price_entries (id, provider, model, input_per_mtok, cached_input_per_mtok, output_per_mtok,
         effective_from, source)
       VALUES ('it-openai/gpt-4o', 'openai', 'gpt-4o', 2.5, 1.25, 10, '2024-01-01', 'test')`,
    );
    await sql.query(
      `INSERT INTO deployments (id, name, team, served_model, gpu_type, gpu_count, gpu_unit_price_usd,
         other_capex_usd, gpu_power_watts, pue, electricity_usd_per_kwh, hosting_usd_per_month,
         personnel_usd_per_month, maintenance_usd_per_month, amortization_months,
         rated_throughput_tokens_per_sec, in_service_since, created_at, updated_at)
       VALUES (gen_random_uuid(), 'llama-a', 'search', 'llama-3.1-70b', 'h100-80gb', 4, 30000, 20000, 700, 1.3,
         0.13, 1500, 4000, 300, 36, 2000, '2026-01-01', now(), now())`,
    );
    // Per day and hour: search on gpt-4o at the standard rate, ads on gpt-4o through the Batch API (half
    // the rates), ads on a client-priced model, and both teams naming search's self-hosted deployment (ads's
    // rows as if sent before search registered the name: they must not count as the deployment's).
    await sql.query(
      `INSERT INTO usage_records (source, id, time, team, project, tags, provider, model, deployment, input_tokens,
         cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, price_version)
       SELECT 'it', kind || '-' || h, $1::timestamptz + h * interval '1 hour' + interval '7 minutes',
              team, 'main', '{}', provider, model, deployment, input, cached, 0, output, 0, 3,
              round(cost, 10), version
       FROM generate_series(0, 7 * 24 - 1) h,
       LATERAL (VALUES
         ('std', 'search', 'openai', 'gpt-4o', NULL, 40000 + h * 37, 3000 + h, 9000 + h * 3,
           ((40000 + h * 37) * 2.5 + (3000 + h) * 1.25 + (9000 + h * 3) * 10) / 1e6, 'it-openai/gpt-4o'),
         ('batch', 'ads', 'openai', 'gpt-4o', NULL, 70001 + h * 11, 0, 5003 + h,
           ((70001 + h * 11) * 2.5 + (5003 + h) * 10) / 2e6, 'it-openai/gpt-4o'),
         ('client', 'ads', 'mistral', 'mistral-large', NULL, 1000 + h, 0, 333, 0.0123457 + h / 1e7, 'client'),
         ('sh-s', 'search', 'self-hosted', 'llama-3.1-70b', 'llama-a', 200000 + h * 101, 0, 50000, NULL, NULL),
         ('sh-a', 'ads', 'self-hosted', 'llama-3.1-70b', 'llama-a', 90000 + h * 7, 0, 20000 + h, NULL, NULL)
       ) AS v(kind, team, provider, model, deployment, input, cached, output, cost, version)`,
      [`${DAYS[0]}T00:00:00Z`],
    );
    const config = parseConfig({ ...process.env, ...suite.env, LOG_LEVEL: 'silent' });
    @Module({
      imports: [ConfigModule.forRoot(config), DbModule, WeeklyReportModule],
      providers: [RollupStep, UtilizationStep, OrganizationAssumptionsService],
    })
    class FocusWeekModule {}
    context = await NestFactory.createApplicationContext(FocusWeekModule, { logger: false, abortOnError: false });
    for (const day of DAYS) await context.get(RollupStep).run(day);
    await context.get(UtilizationStep).run(DAYS[6]!);
  });

  afterAll(async () => {
    await context?.close();
    await suite?.close();
  });

  it('sums to the weekly report total to the cent, by provider and in all', async () => {
    const usage = context.get(UsageQueryRepository);
    const from = new Date(`${DAYS[0]}T00:00:00Z`);
    const to = new Date('2026-05-18T00:00:00Z');
    const teams = Object.fromEntries((await context.get(TeamRepository).list()).map((t) => [t.slug, t.name]));
    const deploymentDays = await usage.selfHostedDeploymentDays(from, to);
    expect(deploymentDays).toHaveLength(7);
    const rows = focusExportRows(await usage.dailyPricedUsage(from, to), deploymentDays, teams);
    const report = await context.get(WeeklyReportBuilder).build(WEEK, null, new Date('2026-05-18T06:00:00Z'));

    const byProvider = new Map<string, string[]>();
    for (const row of rows)
      byProvider.set(row.ProviderName!, [...(byProvider.get(row.ProviderName!) ?? []), row.BilledCost!]);
    const names: Record<string, string> = { openai: 'OpenAI', mistral: 'Mistral AI', 'self-hosted': 'Self-hosted' };
    expect(report.spendByProvider.map((l) => l.key).sort()).toEqual(['mistral', 'openai', 'self-hosted']);
    for (const line of report.spendByProvider)
      expect(toCents(pico(byProvider.get(names[line.key]!)!))).toBe(line.costUsd);
    expect(toCents(pico(rows.map((r) => r.BilledCost)))).toBe(report.totals.costUsd);
    expect(report.totals.costUsd).toBeGreaterThan(0);
    // EffectiveCost = BilledCost; the batch rows are listed at twice what was paid.
    expect(pico(rows.map((r) => r.EffectiveCost))).toBe(pico(rows.map((r) => r.BilledCost)));
    const batch = rows.filter((r) => r.SubAccountId === 'ads' && r.ProviderName === 'OpenAI');
    expect(batch.every((r) => r.PricingCategory === 'Other')).toBe(true);
    const [list, paid] = [pico(batch.map((r) => r.ListCost)), pico(batch.map((r) => r.EffectiveCost))];
    expect(list - 2n * paid < 10n ** 6n && 2n * paid - list < 10n ** 6n).toBe(true);
    expect(
      rows
        .filter((r) => r.SubAccountId === 'search' && r.ProviderName === 'OpenAI')
        .every((r) => r.PricingCategory === 'Standard'),
    ).toBe(true);
  });

  it('counts a late record for a rolled-up day at once, as the export does, and once after the night', async () => {
    const usage = context.get(UsageQueryRepository);
    const builder = context.get(WeeklyReportBuilder);
    const from = new Date(`${DAYS[0]}T00:00:00Z`);
    const to = new Date('2026-05-18T00:00:00Z');
    const now = new Date('2026-05-18T06:00:00Z');
    const before = await builder.build(WEEK, 'search', now);
    // $10 of search's gpt-4o on the week's third day, ingested after that day's rollup.
    await suite.sql.query(
      `INSERT INTO usage_records (source, id, time, team, project, tags, provider, model, input_tokens,
         cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, price_version)
       VALUES ('it', 'late-1', $1, 'search', 'main', '{}', 'openai', 'gpt-4o', 4000000, 0, 0, 0, 0, 1, 10,
         'it-openai/gpt-4o')`,
      [`${DAYS[2]}T15:00:00Z`],
    );
    const exported = async () => {
      const rows = focusExportRows(await usage.dailyPricedUsage(from, to, 'search'), [], {});
      return toCents(pico(rows.filter((r) => r.ProviderName === 'OpenAI').map((r) => r.BilledCost)));
    };
    const late = await builder.build(WEEK, 'search', now);
    expect(late.totals.costUsd).toBeCloseTo(before.totals.costUsd + 10, 2);
    expect(late.spendByProvider.find((l) => l.key === 'openai')!.costUsd).toBe(await exported());
    const trendWeek = late.trend.find((w) => w.week === WEEK)!;
    expect(trendWeek.costUsd - before.trend.find((w) => w.week === WEEK)!.costUsd).toBeCloseTo(10, 2);
    // The night rolls the day up again: the record is then in the rollup and still counted once.
    await context.get(RollupStep).run('2026-05-18');
    const rolled = await builder.build(WEEK, 'search', now);
    expect(rolled.totals.costUsd).toBeCloseTo(late.totals.costUsd, 2);
    expect(rolled.trend.find((w) => w.week === WEEK)!.costUsd).toBeCloseTo(trendWeek.costUsd, 2);
  });

  it('builds a report of weeks no night has rolled up, with nothing in them', async () => {
    const report = await context.get(WeeklyReportBuilder).build('2026-W30', null, new Date('2026-05-18T06:00:00Z'));
    expect(report.totals.costUsd).toBe(0);
    expect(report.trend.every((w) => w.costUsd === 0)).toBe(true);
  });

  it("shows each deployment day back to its own team's usage, idle to it too, adding up to the day", async () => {
    const usage = context.get(UsageQueryRepository);
    const [day] = await usage.selfHostedDeploymentDays(
      new Date(`${DAYS[2]}T00:00:00Z`),
      new Date(`${DAYS[3]}T00:00:00Z`),
    );
    expect(day).toMatchObject({ deployment: 'llama-a', ownerTeam: 'search', model: 'llama-3.1-70b' });
    const rows = selfHostedFocusRows([day!], {});
    expect(rows.map((r) => [r.SubAccountId, r.x_TokenClass])).toEqual([
      ['search', 'served'],
      ['search', 'idle'],
    ]);
    expect(pico(rows.map((r) => r.BilledCost))).toBe(pico([day!.dailyCostUsd]));
    expect(rows[1]!.BilledCost).toBe(Number(day!.idleWasteUsd).toString());
    // Search's 24 hours of input + output on the day (hours 48-71), none of ads's.
    const searchTokens = Array.from({ length: 24 }, (_, i) => 200_000 + (48 + i) * 101 + 50_000).reduce(
      (a, b) => a + b,
    );
    expect(Number(rows[0]!.ConsumedQuantity)).toBe(searchTokens);
    // Its utilization too counts search's output only: 50,000 an hour.
    expect(day!.servedOutputTokens).toBe(24n * 50_000n);
  });
});
