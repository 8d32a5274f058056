// The read API against hand-inserted usage: sums per window in two time zones (across the March
// 2026 DST switch in Paris), pagination, the CSV equal to the JSON, and the FOCUS 1.2 export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsageRow as UsageAnswerRow } from '../../apps/api/src/usage/usage-query.service';
import {
  ApiKeyRepository,
  PriceEntryRepository,
  TeamRepository,
  UsageQueryRepository,
  UsageRecordRepository,
  UsageRow,
  UsageWindow,
} from '../../libs/db/src';
import { parseCsv } from '../../libs/finops/src/exports/csv-text';
import { startApiInProcess } from '../support/api-harness';
import { ErrorAnswer, jsonAnswer, PageAnswer } from '../support/json-answer';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';

// FOCUS 1.2: the Mandatory columns, and the Conditional ones that apply to metered LLM usage
// (usage measured, a price list, sub accounts, tags), with their data types. Kept here, apart from
// the exporter's own column list, so that dropping or mistyping a column fails this test.
const FOCUS_REQUIRED: Record<string, { type: 'Decimal' | 'DateTime' | 'String' | 'JSON'; nullable: boolean }> = {
  BilledCost: { type: 'Decimal', nullable: false },
  BillingAccountId: { type: 'String', nullable: false },
  BillingAccountName: { type: 'String', nullable: true },
  BillingCurrency: { type: 'String', nullable: false },
  BillingPeriodEnd: { type: 'DateTime', nullable: false },
  BillingPeriodStart: { type: 'DateTime', nullable: false },
  ChargeCategory: { type: 'String', nullable: false },
  ChargeClass: { type: 'String', nullable: true },
  ChargeDescription: { type: 'String', nullable: true },
  ChargePeriodEnd: { type: 'DateTime', nullable: false },
  ChargePeriodStart: { type: 'DateTime', nullable: false },
  ConsumedQuantity: { type: 'Decimal', nullable: false },
  ConsumedUnit: { type: 'String', nullable: false },
  ContractedCost: { type: 'Decimal', nullable: false },
  ContractedUnitPrice: { type: 'Decimal', nullable: true },
  EffectiveCost: { type: 'Decimal', nullable: false },
  InvoiceIssuerName: { type: 'String', nullable: false },
  ListCost: { type: 'Decimal', nullable: false },
  ListUnitPrice: { type: 'Decimal', nullable: true },
  PricingCategory: { type: 'String', nullable: false },
  PricingQuantity: { type: 'Decimal', nullable: false },
  PricingUnit: { type: 'String', nullable: false },
  ProviderName: { type: 'String', nullable: false },
  PublisherName: { type: 'String', nullable: false },
  ServiceCategory: { type: 'String', nullable: false },
  ServiceName: { type: 'String', nullable: false },
  SkuId: { type: 'String', nullable: false },
  SkuPriceId: { type: 'String', nullable: false },
  SubAccountId: { type: 'String', nullable: false },
  SubAccountName: { type: 'String', nullable: false },
  Tags: { type: 'JSON', nullable: true },
};
const DECIMAL = /^-?\d+(\.\d+)?$/; // FOCUS Numeric Format: no exponent, no thousands separators
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/; // FOCUS Date/Time Format: ISO 8601, UTC

const PRICE_ID = 'it-read-api-openai-gpt-4o';
const HUGE = 9_007_199_254_740_993n; // 2^53 + 1: not representable as a JS number

function record(id: string, time: string, team: string, over: Partial<UsageRow>): UsageRow {
  return {
    source: 'test:/read-api',
    id,
    time: new Date(time),
    team,
    project: null,
    tags: {},
    provider: 'openai',
    model: 'gpt-4o',
    deployment: null,
    inputTokens: 0,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
    requests: 1,
    costUsd: null,
    priceVersion: null,
    ...over,
  };
}

describe('read API', () => {
  let suite: UsageSuite;
  let api: Awaited<ReturnType<typeof startApiInProcess>>;
  let finops: string;
  let searchTeam: string;
  let searchIngest: string;

  const get = (path: string, key: string) =>
    fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
  const getJson = async <T = PageAnswer<UsageAnswerRow>>(path: string, key = finops) =>
    jsonAnswer<T>(await get(path, key));
  const getErrors = (path: string, key = finops) => getJson<ErrorAnswer>(path, key);

  beforeAll(async () => {
    suite = await createUsageSuite();
    api = await startApiInProcess(suite.env);
    await api.app.get(TeamRepository).upsert({ slug: 'search', name: 'Search' });
    await api.app.get(TeamRepository).upsert({ slug: 'ads', name: 'Ads' });
    const keys = api.app.get(ApiKeyRepository);
    finops = (await keys.create({ role: 'finops', team: null, name: 'it' })).key;
    searchTeam = (await keys.create({ role: 'team', team: 'search', name: 'it' })).key;
    searchIngest = (await keys.create({ role: 'ingest', team: 'search', name: 'it' })).key;
    await api.app.get(PriceEntryRepository).upsertOrganizationPrice({
      id: PRICE_ID,
      provider: 'openai',
      model: 'gpt-4o',
      inputPerMTok: '2.5',
      cachedInputPerMTok: '1.25',
      cacheWritePerMTok: null,
      outputPerMTok: '10',
      effectiveFrom: new Date('2026-01-01T00:00:00Z'),
      source: 'read-api test',
    });
    const priced = { priceVersion: PRICE_ID };
    await api.app.get(UsageRecordRepository).insertBatch([
      // 23:30 in Paris (CET, +01:00) on the 28th
      record('r1', '2026-03-28T22:30:00Z', 'search', {
        ...priced,
        inputTokens: 1000,
        cachedInputTokens: 200,
        outputTokens: 100,
        costUsd: '0.00375',
      }),
      // still the 28th in UTC, already the 29th in Paris
      record('r2', '2026-03-28T23:30:00Z', 'search', {
        ...priced,
        inputTokens: 2000,
        outputTokens: 300,
        reasoningTokens: 120,
        requests: 3,
        costUsd: '0.008',
      }),
      record('r3', '2026-03-29T10:00:00Z', 'search', {
        provider: 'anthropic',
        model: 'claude-sonnet-4',
        project: 'crawler',
        inputTokens: 100,
        cacheWriteTokens: 50,
        outputTokens: 10,
        costUsd: '0.5',
        priceVersion: 'client',
      }),
      record('r4', '2026-03-29T12:00:00Z', 'ads', {
        ...priced,
        inputTokens: 5000,
        outputTokens: 500,
        costUsd: '0.0175',
      }),
    ]);
    // A sum past 2^53 (unpriced), on Monday the 30th: written by hand, insertBatch takes JS numbers.
    await suite.sql.query(
      `INSERT INTO usage_records (source, id, time, team, provider, model,
         input_tokens, cached_input_tokens, cache_write_tokens,
         output_tokens, reasoning_tokens, requests)
       VALUES ('test:/read-api', 'r5', '2026-03-30T00:00:00Z', 'ads', 'openai', 'gpt-4o', $1, 0, 0, 0, 0, 1)`,
      [HUGE.toString()],
    );
  });

  afterAll(async () => {
    await api?.app.close();
    await suite?.close();
  });

  const metrics = (row: UsageAnswerRow) => [
    row.inputTokens,
    row.cachedInputTokens,
    row.cacheWriteTokens,
    row.outputTokens,
    row.reasoningTokens,
    row.requests,
    row.costUsd === null ? null : Number(row.costUsd),
  ];

  it('sums per UTC day and team, a sum past 2^53 as an exact string', async () => {
    const { status, body } = await getJson('/v1/usage?from=2026-03-28&to=2026-03-31&groupBy=team&window=day&tz=UTC');
    expect(status).toBe(200);
    expect(body.nextPage).toBeNull();
    expect(body.items.map((r) => [r.windowStart, r.team, ...metrics(r)])).toEqual([
      ['2026-03-28T00:00:00+00:00', 'search', 3000, 200, 0, 400, 120, 4, 0.01175],
      ['2026-03-29T00:00:00+00:00', 'ads', 5000, 0, 0, 500, 0, 1, 0.0175],
      ['2026-03-29T00:00:00+00:00', 'search', 100, 0, 50, 10, 0, 1, 0.5],
      ['2026-03-30T00:00:00+00:00', 'ads', HUGE.toString(), 0, 0, 0, 0, 1, null], // unpriced: no cost, not $0
    ]);
    expect(typeof body.items[0].costUsd).toBe('string');
  });

  it('buckets days in Europe/Paris, with the offset of each day (DST starts on the 29th)', async () => {
    const { body } = await getJson('/v1/usage?from=2026-03-28&to=2026-03-31&groupBy=team&window=day&tz=Europe/Paris');
    expect(body.items.map((r) => [r.windowStart, r.team, ...metrics(r)])).toEqual([
      ['2026-03-28T00:00:00+01:00', 'search', 1000, 200, 0, 100, 0, 1, 0.00375],
      ['2026-03-29T00:00:00+01:00', 'ads', 5000, 0, 0, 500, 0, 1, 0.0175],
      ['2026-03-29T00:00:00+01:00', 'search', 2100, 0, 50, 310, 120, 4, 0.508],
      ['2026-03-30T00:00:00+02:00', 'ads', HUGE.toString(), 0, 0, 0, 0, 1, null],
    ]);
  });

  it('buckets ISO weeks and months, grouped by provider and model or not at all', async () => {
    const weeks = await getJson(
      '/v1/usage?from=2026-03-01&to=2026-04-01&groupBy=provider,model&window=week&tz=Europe/Paris',
    );
    expect(weeks.body.items.map((r) => [r.windowStart, r.provider, r.model, r.inputTokens, Number(r.costUsd)])).toEqual(
      [
        ['2026-03-23T00:00:00+01:00', 'anthropic', 'claude-sonnet-4', 100, 0.5],
        ['2026-03-23T00:00:00+01:00', 'openai', 'gpt-4o', 8000, 0.02925],
        ['2026-03-30T00:00:00+02:00', 'openai', 'gpt-4o', HUGE.toString(), 0],
      ],
    );
    const month = await getJson('/v1/usage?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z&window=month');
    expect(month.body.items.map((r) => [r.windowStart, r.outputTokens, Number(r.costUsd)])).toEqual([
      ['2026-03-01T00:00:00+00:00', 910, 0.52925],
    ]);
  });

  it('filters by project, provider and model', async () => {
    const { body } = await getJson(
      '/v1/usage?from=2026-03-01&to=2026-04-01&window=month&groupBy=project&project=crawler',
    );
    expect(body.items.map((r) => [r.project, r.inputTokens])).toEqual([['crawler', 100]]);
    const byModel = await getJson(
      '/v1/usage?from=2026-03-01&to=2026-04-01&window=month&provider=openai&model=gpt-4o&tz=UTC',
    );
    expect(byModel.body.items.map((r) => Number(r.costUsd))).toEqual([0.02925]);
  });

  it('pages with nextPage, and the pages add up to the whole', async () => {
    const query = '/v1/usage?from=2026-03-28&to=2026-03-31&groupBy=team&window=day&tz=UTC';
    const whole = (await getJson(query)).body.items;
    const first = (await getJson(`${query}&pageSize=3`)).body;
    expect(first).toMatchObject({ page: 1, pageSize: 3, nextPage: 2 });
    const second = (await getJson(`${query}&pageSize=3&page=2`)).body;
    expect(second).toMatchObject({ page: 2, nextPage: null });
    expect([...first.items, ...second.items]).toEqual(whole);
    expect((await getErrors(`${query}&pageSize=1001`)).body.errors[0].path).toBe('query.pageSize');
  });

  it('limits a team key to its team: implicit filter, 403 for another team, and ingest keys cannot read', async () => {
    const own = await getJson('/v1/usage?from=2026-03-28&to=2026-03-31&groupBy=team&tz=UTC', searchTeam);
    expect(own.status).toBe(200);
    expect(new Set(own.body.items.map((r) => r.team))).toEqual(new Set(['search']));
    const other = await getErrors('/v1/usage?from=2026-03-28&to=2026-03-31&team=ads', searchTeam);
    expect(other.status).toBe(403);
    expect(other.body.errors[0].path).toBe('query.team');
    expect((await getJson('/v1/usage?from=2026-03-28&to=2026-03-31', searchIngest)).status).toBe(403);
  });

  it('names the parameter in every validation error', async () => {
    const { status, body } = await getErrors('/v1/usage?from=2026-03-28&to=2026-03-31&window=year');
    expect(status).toBe(400);
    expect(body).toEqual({
      status: 400,
      error: 'BAD_REQUEST',
      errors: [{ path: 'query.window', message: 'query.window: expected one of hour, day, week, month, got "year"' }],
    });
    const tz = await getErrors('/v1/usage?from=2026-03-28&to=2026-03-31&tz=Mars/Olympus_Mons');
    expect(tz.body.errors).toEqual([{ path: 'query.tz', message: expect.stringContaining('got "Mars/Olympus_Mons"') }]);
    const group = await getErrors('/v1/usage?from=2026-03-28&to=2026-03-31&groupBy=team,colour');
    expect(group.body.errors[0].path).toBe('query.groupBy');
    const range = await getErrors('/v1/usage?from=2026-03-31&to=2026-03-28');
    expect(range.body.errors[0].path).toBe('query.to');
    const missing = await getErrors('/v1/usage?to=2026-03-28');
    expect(missing.body.errors[0].path).toBe('query.from');
  });

  it('exports the same query as CSV with the same numbers', async () => {
    const query = 'from=2026-03-28&to=2026-03-31&groupBy=team,provider&window=day&tz=Europe/Paris';
    const json = (await getJson(`/v1/usage?${query}`)).body.items;
    const res = await get(`/v1/usage.csv?${query}`, finops);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, ...rows] = parseCsv(await res.text());
    expect(header).toEqual([
      'windowStart',
      'team',
      'provider',
      'inputTokens',
      'cachedInputTokens',
      'cacheWriteTokens',
      'outputTokens',
      'reasoningTokens',
      'requests',
      'costUsd',
    ]);
    // An unpriced row's null cost is an empty cell.
    const cell = (row: UsageAnswerRow, column: string) => String(row[column as keyof UsageAnswerRow] ?? '');
    expect(rows).toEqual(json.map((row) => header!.map((column) => cell(row, column))));
    expect(rows.at(-1)!.at(-1)).toBe('');
    expect(rows.length).toBe(5);
  });

  it('finds where buckets start in the query zone, through DST changes, for the CSV to cut its range at', async () => {
    const starts = async (window: UsageWindow, timeZone: string, from: string, to: string, every: string) =>
      (
        await api.app
          .get(UsageQueryRepository)
          .bucketStarts({ window, timeZone, from: new Date(from), to: new Date(to) }, every)
      ).map((start) => start.toISOString());
    // Paris's days from March 28th to 31st: the 29th is 23 hours long.
    expect(await starts('day', 'Europe/Paris', '2026-03-27T23:00:00Z', '2026-03-31T22:00:00Z', '1 day')).toEqual([
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
      '2026-03-30T22:00:00.000Z',
    ]);
    // New York's months from June 15th: a 28-day step finds each month's start once; DST ends on November 1st.
    expect(
      await starts('month', 'America/New_York', '2026-06-15T04:00:00Z', '2027-01-01T05:00:00Z', '28 days'),
    ).toEqual([
      '2026-07-01T04:00:00.000Z',
      '2026-08-01T04:00:00.000Z',
      '2026-09-01T04:00:00.000Z',
      '2026-10-01T04:00:00.000Z',
      '2026-11-01T04:00:00.000Z',
      '2026-12-01T05:00:00.000Z',
    ]);
    // Kolkata's hours start at half past in UTC.
    const hours = await starts('hour', 'Asia/Kolkata', '2026-08-30T18:30:00Z', '2026-08-31T18:30:00Z', '1 hour');
    expect([hours.length, hours[0], hours.at(-1)]).toEqual([
      23,
      '2026-08-30T19:30:00.000Z',
      '2026-08-31T17:30:00.000Z',
    ]);
  });

  it('answers each page, read only as far as it reaches, as one query over the whole range does', async () => {
    // Three teams on some days of a quarter: Paris days (cut at 23:00 or 22:00 UTC), New York months, UTC hours.
    const teams = ['pages-a', 'pages-b', 'pages-c'];
    await api.app.get(UsageRecordRepository).insertBatch(
      [3, 4, 40, 41, 70, 88].flatMap((day, d) =>
        teams
          .filter((_, t) => (d + t) % 3 !== 0)
          .map((team, t) =>
            record(
              `pages-${day}-${t}`,
              new Date(Date.UTC(2027, 0, 1, 22 + (t % 3), 30) + day * 86_400_000).toISOString(),
              team,
              {
                inputTokens: 1 + day * 10 + t,
              },
            ),
          ),
      ),
    );
    const repository = api.app.get(UsageQueryRepository);
    for (const [window, timeZone] of [
      ['day', 'Europe/Paris'],
      ['month', 'America/New_York'],
      ['hour', 'UTC'],
    ] as const) {
      const query = `from=2027-01-01T00:00:00Z&to=2027-04-01T00:00:00Z&groupBy=team&window=${window}&tz=${timeZone}`;
      const whole = await repository.usage({
        from: new Date('2027-01-01T00:00:00Z'),
        to: new Date('2027-04-01T00:00:00Z'),
        groupBy: ['team'],
        window,
        timeZone,
        filters: {},
        offset: 0,
        limit: null,
      });
      const expected = whole
        .filter((row) => teams.includes(row.groups.team!))
        .map((row) => [row.windowLocal, row.groups.team, Number(row.inputTokens)]);
      expect(expected.length).toBeGreaterThan(4);
      for (const pageSize of [1, 2, 5]) {
        const pages: UsageAnswerRow[] = [];
        for (let page: number | null = 1; page !== null; ) {
          const body: PageAnswer<UsageAnswerRow> = (
            await getJson(`/v1/usage?${query}&pageSize=${pageSize}&page=${page}`)
          ).body;
          expect(body.items.length).toBeLessThanOrEqual(pageSize);
          pages.push(...body.items);
          page = body.nextPage;
        }
        const answered = pages
          .filter((row) => teams.includes(row.team!))
          .map((row) => [row.windowStart.slice(0, 19), row.team, row.inputTokens]);
        expect(answered, `${window} ${timeZone} pageSize ${pageSize}`).toEqual(expected);
        expect(pages).toHaveLength(whole.length);
      }
    }
  });

  it('exports a range read in many pieces as one query answers it: each bucket whole and once, in order', async () => {
    // The export reads month windows 92 days at a time: from June 15th in New York its first cut falls in
    // September, and a cut that were not where a month starts in New York would make two September rows.
    await api.app.get(UsageRecordRepository).insertBatch([
      record('piece-aug', '2026-09-01T02:00:00Z', 'search', { inputTokens: 1 }), // still August 31st in New York
      record('piece-sep-1', '2026-09-05T12:00:00Z', 'search', { inputTokens: 10 }),
      record('piece-sep-2', '2026-09-20T12:00:00Z', 'search', { inputTokens: 100 }),
      record('piece-oct', '2026-10-02T12:00:00Z', 'ads', { inputTokens: 1000 }),
    ]);
    const months = 'from=2026-06-15&to=2027-01-01&window=month&groupBy=team&tz=America/New_York';
    // Hours a day at a time, in a zone whose hours start at half past in UTC.
    const hours = 'from=2026-08-31&to=2026-09-07&window=hour&groupBy=team&tz=Asia/Kolkata';
    for (const query of [months, hours]) {
      const json = (await getJson(`/v1/usage?${query}&pageSize=1000`)).body.items;
      const [header, ...rows] = parseCsv(await (await get(`/v1/usage.csv?${query}`, finops)).text());
      expect(rows).toEqual(
        json.map((row) => header!.map((column) => String(row[column as keyof UsageAnswerRow] ?? ''))),
      );
      expect(rows).toHaveLength(query === months ? 3 : 2);
    }
    const [, ...monthRows] = parseCsv(await (await get(`/v1/usage.csv?${months}`, finops)).text());
    expect(monthRows.map((row) => row.slice(0, 3))).toEqual([
      ['2026-08-01T00:00:00-04:00', 'search', '1'],
      ['2026-09-01T00:00:00-04:00', 'search', '110'],
      ['2026-10-01T00:00:00-04:00', 'ads', '1000'],
    ]);
  });

  it('shows how each cost was priced: service tier, price entry and rules, in JSON, CSV and FOCUS', async () => {
    await api.app.get(UsageRecordRepository).insertBatch([
      record('tier-batch', '2026-05-06T10:00:00Z', 'search', {
        priceVersion: PRICE_ID,
        serviceTier: 'batch',
        priceRules: 'service-tier:batch×0.5',
        inputTokens: 1_000_000,
        costUsd: '1.25',
      }),
      record('tier-standard', '2026-05-06T11:00:00Z', 'search', {
        priceVersion: PRICE_ID,
        inputTokens: 1_000_000,
        costUsd: '2.5',
      }),
    ]);
    const query = 'from=2026-05-01&to=2026-06-01&window=month&groupBy=serviceTier,priceVersion,priceRules';
    const json = (await getJson(`/v1/usage?${query}`)).body.items;
    expect(json.map((r) => [r.serviceTier, r.priceVersion, r.priceRules, r.costUsd])).toEqual([
      [null, PRICE_ID, null, '2.5000000000'],
      ['batch', PRICE_ID, 'service-tier:batch×0.5', '1.2500000000'],
    ]);
    const filtered = (await getJson(`/v1/usage?${query}&serviceTier=batch`)).body.items;
    expect(filtered).toHaveLength(1);
    const [header, ...rows] = parseCsv(await (await get(`/v1/usage.csv?${query}`, finops)).text());
    expect(header!.slice(1, 4)).toEqual(['serviceTier', 'priceVersion', 'priceRules']);
    expect(rows.map((r) => r.slice(1, 4))).toEqual([
      ['', PRICE_ID, ''],
      ['batch', PRICE_ID, 'service-tier:batch×0.5'],
    ]);
    const [focusHeader, ...focusRows] = parseCsv(await (await get('/v1/exports/focus?week=2026-W19', finops)).text());
    const column = (name: string) => focusHeader!.indexOf(name);
    expect(
      focusRows.map((r) => [r[column('x_ServiceTier')], r[column('PricingCategory')], r[column('EffectiveCost')]]),
    ).toEqual([
      ['standard', 'Standard', '2.5'],
      ['batch', 'Other', '1.25'],
    ]);
  });

  describe('FOCUS 1.2 export', () => {
    const focus = async (query: string, key = finops) => {
      const res = await get(`/v1/exports/focus?${query}`, key);
      const text = await res.text();
      if (res.status !== 200)
        return { status: res.status, rows: [] as Record<string, string>[], body: JSON.parse(text) };
      const [header, ...records] = parseCsv(text);
      return {
        status: res.status,
        header: header!,
        rows: records.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!]))),
      };
    };

    it('has every mandatory column, typed as the specification says, FOCUS columns before x_ ones', async () => {
      const { status, header, rows } = await focus('week=2026-W13');
      expect(status).toBe(200);
      for (const column of Object.keys(FOCUS_REQUIRED)) expect(header, `column ${column}`).toContain(column);
      const firstCustom = header!.findIndex((h) => h.startsWith('x_'));
      expect(header!.slice(firstCustom).every((h) => h.startsWith('x_'))).toBe(true);
      expect(rows.length).toBeGreaterThan(0);
      for (const [i, row] of rows.entries()) {
        for (const [column, rule] of Object.entries(FOCUS_REQUIRED)) {
          const value = row[column]!;
          const where = `row ${i} ${column}=${JSON.stringify(value)}`;
          if (value === '') {
            expect(rule.nullable || (column.endsWith('UnitPrice') && row.x_Unpriced === 'true'), where).toBe(true);
            continue;
          }
          if (rule.type === 'Decimal') expect(value, where).toMatch(DECIMAL);
          if (rule.type === 'DateTime') expect(value, where).toMatch(DATETIME);
          if (rule.type === 'JSON') expect(() => JSON.parse(value), where).not.toThrow();
        }
        expect(row).toMatchObject({
          ServiceCategory: 'AI and Machine Learning',
          ChargeCategory: 'Usage',
          ConsumedUnit: 'Tokens',
          PricingUnit: 'Tokens',
          BillingCurrency: 'USD',
        });
        expect(Date.parse(row.ChargePeriodEnd!) - Date.parse(row.ChargePeriodStart!)).toBe(86_400_000);
        expect(Number(row.ConsumedQuantity)).toBeGreaterThan(0);
      }
    });

    it('adds up to the usage API: the same tokens and the same dollars per team', async () => {
      const { rows } = await focus('week=2026-W13');
      // ISO week 13 of 2026 is Monday 23 to Sunday 29 March (UTC): r1–r4, not r5 on the 30th.
      const usage = (
        await getJson('/v1/usage?from=2026-03-23T00:00:00Z&to=2026-03-30T00:00:00Z&groupBy=team&window=week&tz=UTC')
      ).body.items;
      for (const team of ['search', 'ads']) {
        const mine = rows.filter((r) => r.SubAccountId === team);
        const api = usage.find((r) => r.team === team)!;
        const billed = mine.reduce((sum, r) => sum + Number(r.BilledCost), 0);
        expect(billed).toBeCloseTo(Number(api.costUsd), 9);
        const tokens = mine.reduce((sum, r) => sum + Number(r.ConsumedQuantity), 0);
        expect(tokens).toBe(
          [api.inputTokens, api.cachedInputTokens, api.cacheWriteTokens, api.outputTokens].reduce<number>(
            (sum, n) => sum + Number(n),
            0,
          ),
        );
      }
      const cached = rows.find((r) => r.SubAccountId === 'search' && r.x_TokenClass === 'cached-input')!;
      expect(cached).toMatchObject({
        ConsumedQuantity: '200',
        ListUnitPrice: '0.00000125',
        BilledCost: '0.00025',
        SubAccountName: 'Search',
        ProviderName: 'OpenAI',
      });
    });

    it('exports any range, and a team key only its own team', async () => {
      const range = await focus('from=2026-03-30&to=2026-03-31');
      expect(range.rows.map((r) => [r.SubAccountId, r.ConsumedQuantity, r.BilledCost, r.x_Unpriced])).toEqual([
        ['ads', HUGE.toString(), '0', 'true'],
      ]);
      const own = await focus('week=2026-W13', searchTeam);
      expect(new Set(own.rows.map((r) => r.SubAccountId))).toEqual(new Set(['search']));
      expect((await focus('week=2026-W13&team=ads', searchTeam)).status).toBe(403);
      const bad = await focus('week=2026-W54');
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].path).toBe('query.week');
    });
  });
});
