// Budgets (issue 18): a month of fixture spend checked every day, with restarts in between, fires
// each crossed threshold exactly once (one firing row, one alert event, one Kafka alert); a second
// check of the same day fires nothing. The status endpoint answers a team's ingest key from memory,
// and finops manages budgets through the API.
import { spawnSync } from 'node:child_process';
import { BudgetWatch, RollupStep } from '@tokenmeter/planner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyRepository, BudgetRepository, MonthSpendRepository, TeamRepository } from '../../libs/db/src';
import { nextMonthStart } from '../../libs/finops/src';
import { startApiInProcess } from '../support/api-harness';
import { callApi } from '../support/json-answer';
import { withPlannerContext } from '../support/planner-context';
import { ensureMonthlyPartitions } from '../support/planner-history';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';

/** A budget, or a status answer, as far as these tests read them. */
interface BudgetAnswer {
  id: string;
  projectedUsd: number;
  budgets: unknown[];
}

describe('budgets', () => {
  let suite: UsageSuite;
  const queuePrefix = `budgets${Date.now()}`;

  const insertSpend = (
    id: string,
    time: string,
    team: string,
    project: string | null,
    costUsd: string,
    apiKeyId: string | null = null,
  ) =>
    suite.sql.query(
      `INSERT INTO usage_records (source, id, time, team, project, tags, provider, model, deployment, input_tokens,
         cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, ingested_at,
         api_key_id)
       VALUES ('budget-test', $1, $2, $3, $4, '{}'::jsonb, 'openai', 'gpt-4o', NULL,
               1000, 0, 0, 100, 0, 1, $5, $2, $6)`,
      [id, time, team, project, costUsd, apiKeyId],
    );

  /** A worker's lifetime: the Nest context a restart throws away. */
  const withWorker = <T>(run: (watch: BudgetWatch) => Promise<T>): Promise<T> =>
    withPlannerContext({ ...suite.env, QUEUE_PREFIX: queuePrefix }, (context) => run(context.get(BudgetWatch)));

  beforeAll(async () => {
    suite = await createUsageSuite();
    await ensureMonthlyPartitions(suite.sql, new Date('2026-03-01T00:00:00Z'), new Date('2026-03-31T00:00:00Z'));
    const now = new Date();
    await ensureMonthlyPartitions(suite.sql, now, now);
  });

  afterAll(async () => {
    await suite?.close();
  });

  it('fires each threshold once across a month of daily checks and restarts', async () => {
    const { rows } = await suite.sql.query<{ id: string }>(
      `INSERT INTO budgets (id, team, project, unit, amount, hard_limit)
       VALUES (gen_random_uuid(), 'ml', '', 'usd', 300, true) RETURNING id`,
    );
    const budgetId = rows[0]!.id;
    // $8 a day through March on a $300 budget, plus a $60 spike on the 10th.
    const fired: string[] = [];
    for (let day = 1; day <= 31; day++) {
      const date = `2026-03-${String(day).padStart(2, '0')}`;
      await insertSpend(`d${day}`, `${date}T12:00:00Z`, 'ml', day % 2 ? 'rag' : null, '8');
      if (day === 10) await insertSpend('spike', `${date}T13:00:00Z`, 'ml', 'rag', '60');
      // The worker restarts every day and checks twice (a re-run).
      const check = async (watch: BudgetWatch) => {
        const first = await watch.check(new Date(`${date}T23:00:00Z`));
        const again = await watch.check(new Date(`${date}T23:30:00Z`));
        expect(again).toEqual([]);
        return first;
      };
      const events = await withWorker(check);
      fired.push(...events.map((event) => `${date} ${event.subject}`));
      for (const event of events.filter((e) => e.subject.includes('projected')))
        expect(event.message).toMatch(/projected month-end \(run rate of \d+(\.\d+)? days\)/);
    }
    // The run rate (from the start of the day of the first spend, the 1st) projects $8 a day to about $248 from
    // day 1 (50% and 80% of $300), but a projection waits for three days of spend: it fires on the 4th ($32 in
    // 3.96 days, $251 at month end); the spike makes it $140 in 9.96 days, $436, on the 10th; actual spend
    // passes $150 on the 12th ($156), $240 on the 23rd ($244) and $300 on the 30th. Each once, on its day.
    // The subject names the budget (`*`: the whole team's; `@` and its id's first 8 digits).
    const budget = `*@${budgetId.slice(0, 8)}`;
    expect(fired).toEqual([
      `2026-03-04 ${budget}:2026-03:projected:50`,
      `2026-03-04 ${budget}:2026-03:projected:80`,
      `2026-03-10 ${budget}:2026-03:projected:100`,
      `2026-03-12 ${budget}:2026-03:actual:50`,
      `2026-03-23 ${budget}:2026-03:actual:80`,
      `2026-03-30 ${budget}:2026-03:actual:100`,
    ]);
    const stored = await suite.sql.query(
      `SELECT count(*)::int AS n FROM alert_events WHERE kind = 'budget-threshold' AND team = 'ml'`,
    );
    expect(stored.rows[0]).toEqual({ n: 6 });
    const firings = await suite.sql.query(
      'SELECT basis, percent FROM budget_threshold_firings WHERE budget_id = $1 ORDER BY basis, percent',
      [budgetId],
    );
    expect(firings.rows).toHaveLength(6);
  });

  it('projects a team, its project and its key from the same start: the day of their first spend', async () => {
    // One sender signs all of the team's records: the first at 14:00 on the 5th (a day the nightly rollup has
    // closed), the next on the 6th (raw). A rolled-up day keeps no time of its first record, so every scope's
    // run rate runs from the start of that day; the key's ran from 14:00 and projected more than its team's.
    const keyId = '6f1c8e2a-1d4b-4c59-9a8e-3b7d2f0c5a11';
    await suite.sql.query(
      `INSERT INTO budgets (id, team, project, unit, amount, hard_limit, api_key_id)
       VALUES (gen_random_uuid(), 'alike', '', 'usd', 100, false, $1)`,
      [keyId],
    );
    await insertSpend('alike-1', '2026-03-05T14:00:00Z', 'alike', 'chat', '10', keyId);
    await insertSpend('alike-2', '2026-03-06T10:00:00Z', 'alike', 'chat', '10', keyId);
    const spend = await withPlannerContext({ ...suite.env, QUEUE_PREFIX: queuePrefix }, async (context) => {
      await context.get(RollupStep).run('2026-03-05');
      return context.get(MonthSpendRepository).byScope(new Date('2026-03-01'), new Date('2026-04-01'));
    });
    const alike = spend.filter((row) => row.team === 'alike');
    expect(alike.map((row) => [row.project, row.apiKeyId ?? null, row.usd, row.since?.toISOString()])).toEqual([
      ['chat', null, 20, '2026-03-05T00:00:00.000Z'],
      ['', keyId, 20, '2026-03-05T00:00:00.000Z'],
    ]);
  });

  it('answers the status of a team for its ingest key, from memory, and finops manages budgets', async () => {
    const api = await startApiInProcess({
      ...suite.env,
      QUEUE_PREFIX: queuePrefix,
      BUDGET_STATUS_REFRESH_SECONDS: '1',
    });
    try {
      await api.app.get(TeamRepository).upsert({ slug: 'search', name: 'Search' });
      const keys = api.app.get(ApiKeyRepository);
      const finops = (await keys.create({ role: 'finops', team: null, name: 'it' })).key;
      const ingest = (await keys.create({ role: 'ingest', team: 'search', name: 'gateway' })).key;
      const call = (method: string, path: string, key: string, body?: unknown) =>
        callApi<BudgetAnswer>(api.baseUrl, key, method, path, body);
      const now = new Date();
      await insertSpend('now-1', new Date(now.getTime() - 60_000).toISOString(), 'search', 'chat', '120.5');

      const set = await call('PUT', '/v1/budgets', finops, {
        team: 'search',
        project: 'chat',
        amount: '100',
        hardLimit: true,
      });
      expect(set).toMatchObject({ status: 200, body: { team: 'search', project: 'chat', amount: 100, unit: 'usd' } });
      const status = await call('GET', '/v1/budgets/status?team=search&project=chat', ingest);
      expect(status).toMatchObject({
        status: 200,
        body: { state: 'exceeded', spentUsd: 120.5, budgetUsd: 100 },
      });
      expect(status.body.projectedUsd).toBeGreaterThanOrEqual(120.5);
      // The team as a whole has no budget: ok, with its spend.
      expect(await call('GET', '/v1/budgets/status?team=search', ingest)).toMatchObject({
        status: 200,
        body: { state: 'ok', spentUsd: 120.5, budgetUsd: null, unpricedRecords: 0 },
      });
      // A model without a price adds tokens and no dollars: the status says how many records that is.
      await suite.sql.query(
        `INSERT INTO usage_records (source, id, time, team, project, tags, provider, model, input_tokens,
           cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd)
         VALUES ('budget-test', 'unpriced-1', $1, 'search', 'chat', '{}', 'openai', 'gpt-mystery-9', 500000, 0, 0,
           500000, 0, 1, NULL)`,
        [new Date(now.getTime() - 30_000).toISOString()],
      );
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // the snapshot's refresh
      expect(await call('GET', '/v1/budgets/status?team=search&project=chat', ingest)).toMatchObject({
        body: { spentUsd: 120.5, unpricedRecords: 1 },
      });
      // Another team's figures are not this key's to read.
      expect((await call('GET', '/v1/budgets/status?team=ads', ingest)).status).toBe(403);
      // Only finops sets budgets; a bad amount is named.
      expect((await call('PUT', '/v1/budgets', ingest, { team: 'search', amount: '5' })).status).toBe(403);
      const bad = await call('PUT', '/v1/budgets', finops, { team: 'search', amount: '-5' });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('body.amount');
      // A team nobody is registered as would be watched for nothing: refused, named.
      const unknown = await call('PUT', '/v1/budgets', finops, { team: 'nosuchteam', amount: '5' });
      expect(unknown.status).toBe(400);
      expect(JSON.stringify(unknown.body)).toContain(
        'body.team: expected the slug of a registered team, got \\"nosuchteam\\"',
      );
      // A budget rule's setting it would ignore is refused, named: budget alerts fire once, and a share is 0–1.
      const rule = await call('POST', '/v1/alerts/rules', finops, {
        team: '*',
        kind: 'budget-threshold',
        threshold: 80,
        cooldownDays: 7,
      });
      expect(rule.status).toBe(400);
      expect(JSON.stringify(rule.body)).toContain('body.cooldownDays: a budget-threshold alert fires once');
      expect(JSON.stringify(rule.body)).toContain('body.threshold: expected the lowest share of the budget');
      const share = await call('POST', '/v1/alerts/rules', finops, {
        team: '*',
        kind: 'budget-threshold',
        threshold: 1,
      });
      expect(share.status).toBe(201);
      const ruleId = (share.body as unknown as { rule: { id: string } }).rule.id;
      expect((await call('DELETE', `/v1/alerts/rules/${ruleId}`, finops)).status).toBe(200);
      // Removing the budget takes effect at once.
      expect((await call('DELETE', `/v1/budgets/${set.body.id}`, finops)).status).toBe(204);
      expect(await call('GET', '/v1/budgets/status?team=search&project=chat', ingest)).toMatchObject({
        body: { state: 'ok', budgetUsd: null },
      });
      expect(await api.app.get(BudgetRepository).list('search')).toEqual([]);
    } finally {
      await api.app.close();
    }
  });

  it("gives spent, budget and projection of one scope: the team budget's when only the team has one", async () => {
    const api = await startApiInProcess({ ...suite.env, QUEUE_PREFIX: queuePrefix });
    try {
      await api.app.get(TeamRepository).upsert({ slug: 'docs', name: 'Docs' });
      const keys = api.app.get(ApiKeyRepository);
      const ingest = (await keys.create({ role: 'ingest', team: 'docs', name: 'gateway' })).key;
      const finops = (await keys.create({ role: 'finops', team: null, name: 'docs-finops' })).key;
      const at = new Date(Date.now() - 60_000).toISOString();
      await insertSpend('docs-a', at, 'docs', 'wiki', '200');
      await insertSpend('docs-b', at, 'docs', 'search', '50');
      const set = await callApi(api.baseUrl, finops, 'PUT', '/v1/budgets', { team: 'docs', amount: '300' });
      expect(set.status).toBe(200);
      const status = await callApi<BudgetAnswer & { spentUsd: number; budgetUsd: number }>(
        api.baseUrl,
        ingest,
        'GET',
        '/v1/budgets/status?team=docs&project=search',
      );
      // A gateway compares spentUsd with budgetUsd: both are the team's ($250 of $300), not $50 of $300.
      expect(status.body).toMatchObject({ state: 'warning', spentUsd: 250, budgetUsd: 300 });
      // The team first spent a minute ago: its run rate is $250 a day (the least it is measured over), not
      // $250 spread over the month so far.
      const toMonthEnd = nextMonthStart(new Date()).getTime() - Date.now();
      const expected = 250 + (250 * toMonthEnd) / 86_400_000;
      expect(Math.abs(status.body.projectedUsd - expected) / expected).toBeLessThan(0.001);
    } finally {
      await api.app.close();
    }
  });

  it('keeps a budget per API key: its own spend, its status for a gateway, its thresholds once each', async () => {
    const api = await startApiInProcess({
      ...suite.env,
      QUEUE_PREFIX: queuePrefix,
      BUDGET_STATUS_REFRESH_SECONDS: '1',
    });
    try {
      await api.app.get(TeamRepository).upsert({ slug: 'keyed', name: 'Keyed' });
      await api.app.get(TeamRepository).upsert({ slug: 'other', name: 'Other' });
      const keys = api.app.get(ApiKeyRepository);
      const finops = (await keys.create({ role: 'finops', team: null, name: 'it' })).key;
      const gateway = await keys.create({ role: 'ingest', team: 'keyed', name: 'gateway' });
      const otherTeamKey = await keys.create({ role: 'ingest', team: 'other', name: 'elsewhere' });
      const call = (method: string, path: string, key: string, body?: unknown) =>
        callApi<BudgetAnswer>(api.baseUrl, key, method, path, body);
      // This month: $40 signed by the gateway's key, $100 by other senders of the same team.
      const recent = new Date(Date.now() - 60_000).toISOString();
      await insertSpend('key-1', recent, 'keyed', 'chat', '40', gateway.keyId);
      await insertSpend('nokey-1', recent, 'keyed', 'chat', '100');

      const set = await call('PUT', '/v1/budgets', finops, {
        team: 'keyed',
        key: gateway.keyId,
        amount: '50',
        hardLimit: true,
      });
      expect(set).toMatchObject({ status: 200, body: { team: 'keyed', project: null, apiKeyId: gateway.keyId } });
      // The key's figures, not the team's: $40 of $50 is a warning.
      const status = await call('GET', `/v1/budgets/status?team=keyed&key=${gateway.keyId}`, gateway.key);
      expect(status).toMatchObject({ status: 200, body: { state: 'warning', spentUsd: 40, budgetUsd: 50 } });
      expect(status.body.budgets).toHaveLength(1);
      expect(await call('GET', '/v1/budgets/status?team=keyed', gateway.key)).toMatchObject({
        body: { state: 'ok', spentUsd: 140, budgetUsd: null },
      });
      // A key of another team, a key with a project, or a malformed id is refused and named.
      const foreign = await call('PUT', '/v1/budgets', finops, { team: 'keyed', key: otherTeamKey.keyId, amount: '5' });
      expect(foreign.status).toBe(400);
      expect(JSON.stringify(foreign.body)).toContain('body.key');
      const withProject = await call('PUT', '/v1/budgets', finops, {
        team: 'keyed',
        project: 'chat',
        key: gateway.keyId,
        amount: '5',
      });
      expect(withProject.status).toBe(400);
      expect(JSON.stringify(withProject.body)).toContain('body.project');
      const malformed = await call('GET', '/v1/budgets/status?team=keyed&key=nope', gateway.key);
      expect(malformed.status).toBe(400);
      expect(JSON.stringify(malformed.body)).toContain('query.key');

      // The CLI sets and reads key budgets the same way.
      const cli = (...args: string[]) =>
        spawnSync(process.execPath, ['-r', './scripts/register.js', 'apps/cli/src/main.ts', 'budgets', ...args], {
          env: { ...process.env, DATABASE_URL: suite.db.url, LOG_LEVEL: 'error' },
          encoding: 'utf8',
        });
      const refused = cli('set', '--team', 'keyed', '--key', otherTeamKey.keyId, '--amount', '5');
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toContain('--key');
      const lines = cli('status', '--team', 'keyed')
        .stdout.trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines).toEqual([expect.objectContaining({ apiKeyId: gateway.keyId, spentUsd: 40, state: 'warning' })]);

      // Thresholds: the key budget's 50% and 80% fire once (and, at this run rate, its projections), never again.
      const first = await withWorker((watch) => watch.check(new Date()));
      const keyed = first.filter((event) => event.subject.startsWith(`key=${gateway.keyId}@`));
      expect(keyed.map((event) => event.subject.split(':').slice(-2).join(':'))).toEqual(
        expect.arrayContaining(['actual:50', 'actual:80']),
      );
      expect(keyed.some((event) => event.subject.endsWith('actual:100'))).toBe(false);
      expect(keyed[0]!.message).toContain(`keyed key ${gateway.keyId}`);
      expect(await withWorker((watch) => watch.check(new Date()))).toEqual([]);
    } finally {
      await api.app.close();
    }
  });
});
