// Reconciliation against the real API and Postgres: a provider's cost export imported through
// POST /v1/reconciliation/imports (twice: nothing counts twice), compared with the metered daily
// rollups by GET /v1/reconciliation, the difference explained where the price rules say why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyRepository } from '../../libs/db/src';
import { startApiInProcess } from '../support/api-harness';
import { callApi, PageAnswer } from '../support/json-answer';
import { ensureMonthlyPartitions } from '../support/planner-history';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';

const ANTHROPIC_REPORT = {
  data: [
    {
      starting_at: '2026-03-10T00:00:00Z',
      ending_at: '2026-03-11T00:00:00Z',
      results: [
        {
          currency: 'USD',
          amount: '250',
          model: 'claude-sonnet-4-20250514',
          service_tier: 'standard',
          context_window: '0-200k',
          token_type: 'uncached_input_tokens',
          cost_type: 'tokens',
          description: 'Claude Sonnet 4 Usage - Input Tokens',
        },
        {
          currency: 'USD',
          amount: '125',
          model: 'claude-sonnet-4-20250514',
          service_tier: 'batch',
          context_window: '0-200k',
          token_type: 'output_tokens',
          cost_type: 'tokens',
          description: 'Claude Sonnet 4 Usage - Output Tokens (Batch)',
        },
      ],
    },
  ],
  has_more: false,
  next_page: null,
};

/** A day and model of metered against invoiced, as far as these tests read it. */
interface ReconciledDay {
  explanations: string[];
}

describe('reconciliation', () => {
  let suite: UsageSuite;
  let api: Awaited<ReturnType<typeof startApiInProcess>>;
  let finops: string;

  const call = (method: string, path: string, body?: string, type = 'application/json') =>
    callApi<PageAnswer<ReconciledDay>>(api.baseUrl, finops, method, path, body, type);

  beforeAll(async () => {
    suite = await createUsageSuite();
    // What TokenMeter metered on the day: $2.50 of input and $2.50 of output priced at the standard rate.
    await suite.sql.query(
      `INSERT INTO usage_rollups_daily (day, team, project, provider, model, deployment, input_tokens,
         cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, records,
         unpriced_records)
       VALUES ('2026-03-10', 'search', '', 'anthropic', 'claude-sonnet-4', '', 833334, 0, 0, 166667, 0, 10, 5, 10, 0),
              ('2026-03-10', 'search', '', 'openai', 'gpt-4o', '', 1000, 0, 0, 0, 0, 1, 1, 1, 0)`,
    );
    // $1 of that Anthropic usage was sent at the Priority Tier, which Anthropic's cost report leaves out.
    await ensureMonthlyPartitions(suite.sql, new Date('2026-03-01T00:00:00Z'), new Date('2026-03-31T00:00:00Z'));
    await suite.sql.query(
      `INSERT INTO usage_records (source, id, time, team, project, tags, provider, model, deployment, input_tokens,
         cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, service_tier,
         ingested_at)
       VALUES ('it', 'priority-1', '2026-03-10T09:00:00Z', 'search', '', '{}', 'anthropic', 'claude-sonnet-4', '',
         100000, 0, 0, 46667, 0, 1, 1, 'priority', '2026-03-10T09:00:02Z')`,
    );
    // The night that rolled the day up: its rollup holds every row ingested before this watermark.
    await suite.sql.query(
      `INSERT INTO rollup_days (day, rolled_up_at, records) VALUES ('2026-03-10', '2026-03-11T02:00:00Z', 11)`,
    );
    api = await startApiInProcess({ ...suite.env });
    finops = (await api.app.get(ApiKeyRepository).create({ role: 'finops', team: null, name: 'it' })).key;
  });

  afterAll(async () => {
    await api?.app.close();
    await suite?.close();
  });

  it('imports an Anthropic cost report, and importing it again replaces it', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await call('POST', '/v1/reconciliation/imports?provider=anthropic', JSON.stringify(ANTHROPIC_REPORT));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ provider: 'anthropic', lines: 2, from: '2026-03-10', to: '2026-03-10' });
    }
    const { rows } = await suite.sql.query('SELECT sum(cost_usd)::text AS usd, count(*)::int AS n FROM invoiced_costs');
    expect(rows[0]).toEqual({ usd: '3.7500000000', n: 2 });
  });

  it('shows metered against invoiced per day and model, explaining the batch tier', async () => {
    const res = await call('GET', '/v1/reconciliation?from=2026-03-10&to=2026-03-11');
    expect(res.status).toBe(200);
    // Only the imported provider is compared; the dated model id matches the metered one.
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      day: '2026-03-10',
      provider: 'anthropic',
      model: 'claude-sonnet-4',
      meteredUsd: '5',
      invoicedUsd: '3.75',
      differenceUsd: '-1.25',
    });
    expect(res.body.items[0].explanations.join(' ')).toMatch(/batch tier: \$1\.25 invoiced at the batch rate/);
    expect(res.body.items[0].explanations.join(' ')).toMatch(
      /priority tier: \$1 metered at Anthropic's Priority Tier, which the Anthropic cost report leaves out/,
    );
  });

  it('rejects a malformed export naming the field, and an unknown provider', async () => {
    const bad = await call(
      'POST',
      '/v1/reconciliation/imports?provider=anthropic',
      '{"data":[{"starting_at":"soon","results":[]}]}',
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('body.data[0].starting_at');
    const unknown = await call('POST', '/v1/reconciliation/imports?provider=azure', '{}');
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('query.provider');
  });

  it('counts a record ingested after its day was rolled up at once, as the read API does', async () => {
    await suite.sql.query(
      `INSERT INTO usage_records (source, id, time, team, project, tags, provider, model, deployment, input_tokens,
         cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd)
       VALUES ('it', 'late-1', '2026-03-10T22:00:00Z', 'search', '', '{}', 'anthropic', 'claude-sonnet-4', '',
         100000, 0, 0, 13334, 0, 1, 0.5)`,
    );
    const res = await call('GET', '/v1/reconciliation?from=2026-03-10&to=2026-03-11');
    expect(res.status).toBe(200);
    expect(res.body.items[0]).toMatchObject({ meteredUsd: '5.5', invoicedUsd: '3.75', differenceUsd: '-1.75' });
  });
});
