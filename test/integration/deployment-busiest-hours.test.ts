// A deployment's busiest hour of a day (saturation forecasts, the dashboard's capacity table) is the hour with
// the most tokens as a number: 10,400,000 over 9,998,604, which sorted as text came first.
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigModule, parseConfig } from '../../libs/config/src';
import { DbModule, UsageRollupHourlyRepository } from '../../libs/db/src';
import { insertDeployment } from '../support/deployments';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';

describe("a deployment's busiest hours", () => {
  let suite: UsageSuite;
  let context: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>;

  beforeAll(async () => {
    suite = await createUsageSuite();
    await insertDeployment(suite.sql, { name: 'pool-a', team: 'ml', servedModel: 'llama-3.1-70b' });
    const hour = (at: string, team: string, output: number) =>
      suite.sql.query(
        `INSERT INTO usage_rollups_hourly (hour, team, project, provider, model, deployment, input_tokens,
           cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, records)
         VALUES ($1, $2, '', 'self-hosted', 'llama-3.1-70b@pool-a', 'pool-a', 0, 0, 0, $3, 0, 1, 0, 1)`,
        [at, team, output],
      );
    await hour('2026-12-02T09:00:00Z', 'ml', 9_998_604);
    await hour('2026-12-02T15:00:00Z', 'ml', 10_400_000);
    await hour('2026-12-02T16:00:00Z', 'web', 20_000_000); // another team's rows naming the name: not its own
    const config = parseConfig({ ...process.env, ...suite.env });
    @Module({ imports: [ConfigModule.forRoot(config), DbModule] })
    class BusiestHoursTestModule {}
    context = await NestFactory.createApplicationContext(BusiestHoursTestModule, { logger: false });
  });

  afterAll(async () => {
    await context?.close();
    await suite?.close();
  });

  it('is the hour with the most tokens, of its own team', async () => {
    const hourly = context.get(UsageRollupHourlyRepository);
    expect(await hourly.deploymentBusiestHours('2026-12-02', '2026-12-02')).toEqual([
      { deployment: 'pool-a', day: '2026-12-02', tokens: 10_400_000, outputTokens: 10_400_000 },
    ]);
    expect(await hourly.peakHourOutputByDeployment('2026-12-02', '2026-12-02')).toEqual(
      new Map([['pool-a', 10_400_000]]),
    );
  });
});
