// One team against another: each attack of issue #17 (items 1–15) tried against running apps — two
// API instances (one in this process, one its own process), an ingest process and the broker —
// holding team "ads"'s keys, and shown refused or harmless for team "search".
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getQueueToken } from '@nestjs/bullmq';
import {
  parseDeploymentSpec,
  Queues,
  signatureHeaders,
  signingSecretOf,
  topicNames,
  WebhookDeliveryPayload,
} from '@tokenmeter/contracts';
import { AlertStep } from '@tokenmeter/planner';
import { usageEvent } from '@tokenmeter/workload';
import type { Queue } from 'bullmq';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyRepository, DeploymentRepository, RecommendationRepository, TeamRepository } from '../../libs/db/src';
import { parseCsv } from '../../libs/finops/src/exports/csv-text';
import { startApiInProcess } from '../support/api-harness';
import { AppEnv, createAppEnv } from '../support/app-env';
import { AppProcess, startApp, waitForHttp } from '../support/app-process';
import type { TestEnv } from '../support/ingest-harness';
import { produce, readTopic } from '../support/kafka-helpers';
import { startPlannerContext } from '../support/planner-context';
import type { TestDatabase } from '../support/test-database';
import { localStackSasl } from '../support/test-topics';
import { waitFor } from '../support/wait-for';

const VICTIM = 'search';
const ATTACKER = 'ads';
const VICTIM_POOL = 'pool-search';

type FieldErrors = { path: string; message: string }[];
const errorsOf = async (res: Response): Promise<FieldErrors> => ((await res.json()) as { errors: FieldErrors }).errors;

describe('one team against another', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let ports: AppEnv['ports'];
  let sql: Client;
  let a: Awaited<ReturnType<typeof startApiInProcess>>;
  let b: AppProcess;
  let bUrl: string;
  let ingest: AppProcess;
  let receiver: Server;
  const receiverHits: string[] = [];
  const keys = {} as Record<'victimIngest' | 'victimTeam' | 'attackerIngest' | 'attackerTeam' | 'finops', string>;
  /** The attacker's ingest key as a direct Kafka producer signs with it. */
  let attackerSigner: { keyId: string; signingSecret: string };

  const call = (base: string, path: string, key: string | null, init: RequestInit = {}) =>
    fetch(`${base}${path}`, {
      ...init,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(init.headers as Record<string, string>) },
    });
  const postEvent = (key: string, event: unknown, base = a.baseUrl) =>
    call(base, '/v1/events', key, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json' },
      body: typeof event === 'string' ? event : JSON.stringify(event),
    });

  /** The reason the ingest consumer gave for dead-lettering the usage record with this id. */
  const deadLetter = async (id: string): Promise<string | undefined> => {
    const dlq = topicNames(env.TOPIC_PREFIX).usageEventsDlq;
    let reason: string | undefined;
    await waitFor(
      async () => {
        const letters = await readTopic(dlq, Number.MAX_SAFE_INTEGER, 2_000);
        reason = letters.find((l) => JSON.parse(l.value?.toString() ?? '{}').id === id)?.headers[
          'tokenmeter-dlq-reason'
        ];
        return reason;
      },
      (found) => found !== undefined,
      60_000,
      `the dead letter of ${id}`,
    );
    return reason;
  };

  beforeAll(async () => {
    ({ db, env, ports } = await createAppEnv());
    // A webhook receiver that answers every alert with a redirect to somewhere it should not lead.
    receiver = createServer((req, res) => {
      receiverHits.push(req.url ?? '');
      res.writeHead(302, { location: '/internal-only' }).end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { API_PORT: _port, ...inProcessEnv } = env;
    a = await startApiInProcess({
      ...inProcessEnv,
      INGEST_RATE_LIMIT_PER_MINUTE: '100000',
      // The local receiver above is allowed as a destination, so that its redirect can be tried.
      ALERT_ALLOWED_HOSTS: '127.0.0.1',
      ALERT_ALLOW_HTTP: 'true',
    } as unknown as TestEnv);
    // The second instance: its own process, trusting a proxy on loopback, /metrics not public, logging requests.
    b = startApp('api', {
      ...env,
      LOG_LEVEL: 'info',
      API_TRUSTED_PROXY: 'loopback',
      API_METRICS_PUBLIC: 'false',
      API_DOCS_PUBLIC: 'false',
      INGEST_RATE_LIMIT_PER_MINUTE: '100000',
    });
    bUrl = `http://127.0.0.1:${ports.api}`;
    ingest = startApp('ingest', env);
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    await a.app.get(TeamRepository).upsert({ slug: VICTIM, name: 'Search' });
    await a.app.get(TeamRepository).upsert({ slug: ATTACKER, name: 'Ads' });
    const repo = a.app.get(ApiKeyRepository);
    keys.victimIngest = (await repo.create({ role: 'ingest', team: VICTIM, name: 'victim' })).key;
    keys.victimTeam = (await repo.create({ role: 'team', team: VICTIM, name: 'victim' })).key;
    const attackerIngest = await repo.create({ role: 'ingest', team: ATTACKER, name: 'attacker' });
    keys.attackerIngest = attackerIngest.key;
    attackerSigner = { keyId: attackerIngest.keyId, signingSecret: signingSecretOf(attackerIngest.key) };
    keys.attackerTeam = (await repo.create({ role: 'team', team: ATTACKER, name: 'attacker' })).key;
    keys.finops = (await repo.create({ role: 'finops', team: null, name: 'finops' })).key;
    const spec = parseDeploymentSpec({
      team: VICTIM,
      servedModel: 'llama-3.1-70b',
      gpuType: 'h100-80gb',
      gpuCount: 2,
      gpuUnitPriceUsd: '30000',
      gpuPowerWatts: 700,
      electricityUsdPerKwh: '0.15',
    });
    if (!spec.ok) throw new Error(JSON.stringify(spec.errors));
    await a.app.get(DeploymentRepository).upsert(VICTIM_POOL, spec.spec);
    await waitForHttp(`${bUrl}/healthz`, b);
    await waitForHttp(`http://127.0.0.1:${ports.ingest}/healthz`, ingest);
  }, 120_000);

  afterAll(async () => {
    await b?.stop();
    await ingest?.stop();
    await a?.app.close();
    receiver?.close();
    await sql?.end();
    await db?.drop();
  });

  it('1. a revoked key stops working on every instance within a second', async () => {
    const { key, keyId } = await a.app.get(ApiKeyRepository).create({ role: 'finops', team: null, name: 'leaked' });
    for (const base of [a.baseUrl, bUrl]) expect((await call(base, '/v1/keys', key)).status).toBe(200);
    expect((await call(a.baseUrl, `/v1/keys/${keyId}`, keys.finops, { method: 'DELETE' })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const base of [a.baseUrl, bUrl]) {
      expect((await call(base, '/v1/keys', key)).status).toBe(401);
      const minted = await call(base, '/v1/keys', key, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'finops', name: 'backdoor' }),
      });
      expect(minted.status).toBe(401);
    }
  });

  it('2. (source, id) pairs sent first by another team do not swallow this team’s events', async () => {
    const source = `urn:shared:${randomUUID()}`;
    const ids = ['evt-1', 'evt-2', 'evt-3'];
    const time = new Date(Date.now() - 60_000).toISOString();
    for (const id of ids)
      expect((await postEvent(keys.attackerIngest, usageEvent({ id, source, time, team: ATTACKER }))).status).toBe(202);
    for (const id of ids)
      expect((await postEvent(keys.victimIngest, usageEvent({ id, source, time, team: VICTIM }))).status).toBe(202);
    const stored = () =>
      sql
        .query('SELECT team, count(*)::int AS n FROM usage_records WHERE source = $1 GROUP BY team ORDER BY team', [
          source,
        ])
        .then((r) => r.rows as { team: string; n: number }[]);
    await waitFor(stored, (rows) => rows.reduce((sum, r) => sum + r.n, 0) >= 6, 60_000, 'both teams’ events');
    expect(await stored()).toEqual([
      { team: ATTACKER, n: 3 },
      { team: VICTIM, n: 3 },
    ]);
    // A retry within a team is still a duplicate, stored once.
    expect((await postEvent(keys.victimIngest, usageEvent({ id: 'evt-1', source, time, team: VICTIM }))).status).toBe(
      202,
    );
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await stored()).find((r) => r.team === VICTIM)?.n).toBe(3);
    // Self-hosted row keys cannot be squatted: their sources are reserved.
    const squat = await postEvent(
      keys.attackerIngest,
      usageEvent({ source: `vllm-log:${VICTIM_POOL}`, team: ATTACKER }),
    );
    expect(squat.status).toBe(400);
    expect((await errorsOf(squat))[0]).toMatchObject({ path: 'event.source' });
  });

  it('3. no path credits another team’s deployment: refused on HTTP, Kafka and vllm.logs, own on OTLP', async () => {
    const event = usageEvent({
      team: ATTACKER,
      data: { provider: 'openai', model: 'gpt-4o', deployment: VICTIM_POOL, inputTokens: 1, outputTokens: 1 },
    });
    const res = await postEvent(keys.attackerIngest, event);
    expect(res.status).toBe(403);
    expect((await errorsOf(res))[0]).toMatchObject({
      path: 'event.data.deployment',
      message: expect.stringMatching(/belongs to another team/),
    });

    // Straight to Kafka, signed with the attacker's own key: dead-lettered with the reason.
    const topics = topicNames(env.TOPIC_PREFIX);
    const direct = JSON.stringify({ ...event, id: `direct-${randomUUID()}` });
    await produce(
      topics.usageEvents,
      [{ key: ATTACKER, value: direct, headers: signatureHeaders(attackerSigner, direct) }],
      { sign: false, sasl: localStackSasl('producer') },
    );
    const letter = await deadLetter(JSON.parse(direct).id);
    expect(letter).toBe(
      `data.deployment: expected a deployment of team "${ATTACKER}"; "${VICTIM_POOL}" belongs to another team`,
    );

    // A log line for the victim's pool, signed with the attacker's own key: dead-lettered, never counted.
    const line =
      'INFO 11-27 10:00:00 [loggers.py:116] Engine 000: Avg prompt throughput: 900.0 tokens/s, ' +
      'Avg generation throughput: 900.0 tokens/s, Running: 64 reqs, Waiting: 0 reqs, GPU KV cache usage: 99.0%, ' +
      'Prefix cache hit rate: 0.0%';
    await produce(
      topics.vllmLogs,
      [{ key: VICTIM_POOL, value: line, headers: signatureHeaders(attackerSigner, line) }],
      { sign: false, sasl: localStackSasl('producer') },
    );
    const [logLetter] = await readTopic(topics.vllmLogsDlq, 1, 60_000);
    expect(logLetter!.headers['tokenmeter-dlq-reason']).toMatch(
      new RegExp(`^deployment ${VICTIM_POOL} of team "[^"]+": subject: key \\S+ belongs to team "${ATTACKER}"`),
    );
    const samples = await sql.query('SELECT count(*)::int AS n FROM utilization_samples WHERE deployment = $1', [
      VICTIM_POOL,
    ]);
    expect(samples.rows[0].n).toBe(0);

    // OTLP spans carry no deployment: one that names the victim's pool every way it could is stored
    // as the attacker's own usage, on no deployment.
    const traceId = randomBytes(16).toString('hex');
    const attribute = (key: string, value: string | number) => ({
      key,
      value: typeof value === 'number' ? { intValue: String(value) } : { stringValue: value },
    });
    const spans = {
      resourceSpans: [
        {
          resource: {
            attributes: [
              attribute('service.name', 'attacker-app'),
              attribute('tokenmeter.deployment', VICTIM_POOL),
              attribute('deployment', VICTIM_POOL),
            ],
          },
          scopeSpans: [
            {
              spans: [
                {
                  traceId,
                  spanId: randomBytes(8).toString('hex'),
                  name: 'chat',
                  endTimeUnixNano: String(BigInt(Date.now() - 60_000) * 1_000_000n),
                  attributes: [
                    attribute('gen_ai.provider.name', 'self-hosted'),
                    attribute('gen_ai.request.model', `llama-3.1-70b@${VICTIM_POOL}`),
                    attribute('gen_ai.usage.input_tokens', 10),
                    attribute('gen_ai.usage.output_tokens', 900_000),
                    attribute('tokenmeter.deployment', VICTIM_POOL),
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    const otlp = await call(a.baseUrl, '/v1/traces', keys.attackerIngest, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(spans),
    });
    expect(otlp.status).toBe(200);
    const stored = () =>
      sql
        .query('SELECT team, deployment FROM usage_records WHERE id LIKE $1', [`${traceId}-%`])
        .then((r) => r.rows as { team: string; deployment: string | null }[]);
    await waitFor(stored, (rows) => rows.length === 1, 60_000, 'the OTLP span');
    expect(await stored()).toEqual([{ team: ATTACKER, deployment: null }]);
    const onVictimPool = await sql.query('SELECT count(*)::int AS n FROM usage_records WHERE deployment = $1', [
      VICTIM_POOL,
    ]);
    expect(onVictimPool.rows[0].n).toBe(0);
  });

  it('4. session ids and keys never reach a log line', async () => {
    const res = await call(bUrl, '/v1/teams', keys.victimTeam, { headers: { cookie: 'tm_session=SESSIONSECRET42' } });
    expect(res.status).toBe(200);
    await waitFor(
      async () => b.output(),
      (out) => out.includes('"url":"/v1/teams"'),
      10_000,
      'the request log line',
    );
    expect(b.output()).not.toContain('SESSIONSECRET42');
    expect(b.output()).not.toContain(keys.victimTeam);
  });

  it('5. a model name that is a spreadsheet formula is written as text in the CSV and FOCUS exports', async () => {
    const model = '=HYPERLINK("http://evil.example","x")';
    const time = new Date().toISOString();
    const event = usageEvent({
      team: ATTACKER,
      time,
      data: { provider: 'openai', model, inputTokens: 10, outputTokens: 1 },
    });
    expect((await postEvent(keys.attackerIngest, event)).status).toBe(202);
    await waitFor(
      () =>
        sql.query('SELECT count(*)::int AS n FROM usage_records WHERE model = $1', [model]).then((r) => r.rows[0].n),
      (n) => n === 1,
      60_000,
      'the event',
    );
    const day = time.slice(0, 10);
    const next = new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);
    const csv = await (await call(a.baseUrl, `/v1/usage.csv?from=${day}&to=${next}&groupBy=model`, keys.finops)).text();
    const cells = parseCsv(csv).flat();
    expect(cells).toContain(`'${model}`);
    expect(cells).not.toContain(model);
    const focus = await (await call(a.baseUrl, `/v1/exports/focus?from=${day}&to=${next}`, keys.finops)).text();
    expect(
      parseCsv(focus)
        .flat()
        .some((cell) => cell.startsWith('=') || cell.startsWith('@')),
    ).toBe(false);
  });

  it('6. a lone surrogate is refused at the door, naming the field', async () => {
    const body = JSON.stringify(usageEvent({ team: ATTACKER })).replace('"gpt-4o"', '"gpt-4o\\ud800"');
    const res = await postEvent(keys.attackerIngest, body);
    expect(res.status).toBe(400);
    expect((await errorsOf(res))[0].path).toBe('event.data.model');
  });

  it('7. reads are bounded, and reading a week stores nothing', async () => {
    expect((await call(a.baseUrl, '/v1/usage?from=1970-01-01&to=2100-01-01', keys.finops)).status).toBe(400);
    expect((await call(a.baseUrl, '/v1/usage.csv?from=1970-01-01&to=2100-01-01', keys.finops)).status).toBe(400);
    const focus = await call(a.baseUrl, '/v1/exports/focus?from=1970-01-01&to=2100-01-01', keys.finops);
    expect(focus.status).toBe(400);
    expect((await errorsOf(focus))[0].path).toBe('query.to');
    expect((await call(a.baseUrl, '/v1/reports/weekly/1970-W01', keys.attackerTeam)).status).toBe(400);
    expect((await call(a.baseUrl, '/v1/reports/weekly/2026-W01', keys.attackerTeam)).status).toBe(200);
    expect((await sql.query('SELECT count(*)::int AS n FROM weekly_reports')).rows[0].n).toBe(0);
  });

  it('8. an error body stays small, whatever the request held', async () => {
    const junk = Object.fromEntries(
      Array.from({ length: 2_000 }, (_, i) => [`unknown_field_${i}_${'x'.repeat(400)}`, 1]),
    );
    const batch = JSON.stringify(Array.from({ length: 1 }, () => ({ ...usageEvent({ team: ATTACKER }), ...junk })));
    const res = await call(a.baseUrl, '/v1/events', keys.attackerIngest, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents-batch+json' },
      body: batch,
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text.length).toBeLessThan(batch.length / 4);
    expect((JSON.parse(text) as { errors: { message: string }[] }).errors.at(-1)!.message).toMatch(
      /more problems not listed/,
    );
  });

  it('9. pages and the API send security headers and no X-Powered-By', async () => {
    for (const path of ['/login', '/v1/teams', '/healthz']) {
      const res = await call(a.baseUrl, path, keys.victimTeam);
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('same-origin');
      expect(res.headers.get('x-powered-by'), path).toBeNull();
    }
  });

  it('10. sign-in needs this site’s form (CSRF), and cookies are Secure behind the trusted proxy', async () => {
    const form = await fetch(`${bUrl}/login`);
    const csrfCookie = form.headers
      .getSetCookie()
      .find((c) => c.startsWith('tm_csrf='))!
      .split(';')[0]!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const post = (body: string, headers: Record<string, string>) =>
      fetch(`${bUrl}/login`, { method: 'POST', redirect: 'manual', body, headers });
    const formType = { 'content-type': 'application/x-www-form-urlencoded' };
    // Login CSRF: another site posts its own key into the victim's browser.
    expect((await post(`key=${keys.attackerTeam}`, formType)).status).toBe(403);
    expect((await post(`key=${keys.attackerTeam}`, { 'content-type': 'text/plain' })).status).toBe(403);
    expect(
      (
        await post(`key=${keys.attackerTeam}&csrf=${csrf}`, {
          ...formType,
          cookie: csrfCookie,
          origin: 'https://evil.example',
        })
      ).status,
    ).toBe(403);
    const signedIn = await post(`key=${keys.victimTeam}&csrf=${csrf}`, {
      ...formType,
      cookie: csrfCookie,
      'x-forwarded-proto': 'https',
    });
    expect(signedIn.status).toBe(303);
    const session = signedIn.headers.getSetCookie().find((c) => c.startsWith('tm_session='))!;
    expect(session).toMatch(/; Secure/);
    // The in-process instance trusts no proxy: a forwarded scheme from anyone is not believed.
    const plainForm = await fetch(`${a.baseUrl}/login`);
    const plainCookie = plainForm.headers
      .getSetCookie()
      .find((c) => c.startsWith('tm_csrf='))!
      .split(';')[0]!;
    const plainCsrf = /name="csrf" value="([^"]+)"/.exec(await plainForm.text())![1]!;
    const plain = await fetch(`${a.baseUrl}/login`, {
      method: 'POST',
      redirect: 'manual',
      body: `key=${keys.victimTeam}&csrf=${plainCsrf}`,
      headers: { ...formType, cookie: plainCookie, 'x-forwarded-proto': 'https' },
    });
    expect(plain.status).toBe(303);
    expect(plain.headers.getSetCookie().find((c) => c.startsWith('tm_session='))).not.toMatch(/Secure/);
    // Sign-out from another site is refused.
    const out = await fetch(`${bUrl}/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...formType, 'sec-fetch-site': 'cross-site' },
    });
    expect(out.status).toBe(403);
  });

  it('11. crafted parameters are 400s naming the field, not 500s', async () => {
    const cases: [string, string][] = [
      [`/v1/deployments/${VICTIM_POOL}/utilization?from=2026-13-45&to=2026-12-01`, 'query.from'],
      ['/v1/reports/weekly/1000-W01', 'path.week'],
      ['/v1/exports/focus?week=2026-W10&team=%E4%B8%AD', 'query.team'],
      ['/v1/exports/focus?week=2026-W10&team=a%22%3B%20filename%3Devil.exe', 'query.team'],
    ];
    for (const [path, field] of cases) {
      const res = await call(a.baseUrl, path, keys.finops);
      expect(res.status, path).toBe(400);
      expect((await errorsOf(res))[0].path, path).toBe(field);
    }
  });

  it('12. metrics URLs cannot reach metadata or private addresses, and their credentials are never shown', async () => {
    const put = (url: string) =>
      call(a.baseUrl, '/v1/deployments/pool-probe', keys.finops, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          team: ATTACKER,
          servedModel: 'm',
          gpuType: 'l40s-48gb',
          gpuCount: 1,
          gpuUnitPriceUsd: '8000',
          gpuPowerWatts: 350,
          electricityUsdPerKwh: '0.12',
          vllmMetricsUrl: url,
        }),
      });
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://127.0.0.1:6379/',
      'http://[fd00:ec2::254]/',
    ]) {
      const res = await put(url);
      expect(res.status, url).toBe(400);
      expect((await errorsOf(res))[0].path).toBe('vllmMetricsUrl');
    }
    expect((await put('https://scraper:s3cret@metrics.example.com/metrics')).status).toBe(201);
    const seen = await (await call(a.baseUrl, '/v1/deployments/pool-probe', keys.attackerTeam)).text();
    expect(seen).toContain('https://***@metrics.example.com/metrics');
    expect(seen).not.toContain('s3cret');

    // Alert destinations: the same refusal, and a destination's redirect is not followed.
    const destination = (url: string) =>
      call(a.baseUrl, '/v1/alerts/destinations', keys.attackerTeam, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ team: ATTACKER, type: 'webhook', name: 'probe', url }),
      });
    for (const url of ['https://169.254.169.254/latest/meta-data/', 'https://[fd00:ec2::254]/', 'https://10.0.0.5/']) {
      const res = await destination(url);
      expect(res.status, url).toBe(400);
      expect((await errorsOf(res))[0].path, url).toBe('body.url');
    }
    const port = (receiver.address() as AddressInfo).port;
    const created = await destination(`http://127.0.0.1:${port}/hook`);
    expect(created.status).toBe(201);
    const { destination: made } = (await created.json()) as { destination: { id: string } };
    const tried = await call(a.baseUrl, `/v1/alerts/destinations/${made.id}/test`, keys.attackerTeam, {
      method: 'POST',
    });
    expect(tried.status).toBe(502);
    expect((await errorsOf(tried))[0].message).toMatch(/redirect .*not followed/);
    expect(receiverHits).toEqual(['/hook']);
  });

  it('13. usage text reaches Slack escaped; request data reaches file names only as safe characters', async () => {
    const planner = await startPlannerContext(env);
    try {
      const model = '<!channel> <https://evil.example|click here>';
      const night = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      // 28 days of the attacker's usage at 1.2M tokens a day: a 36.5M monthly run-rate.
      await sql.query(
        `INSERT INTO usage_rollups_daily (day, team, provider, model, input_tokens, cached_input_tokens,
           cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, records, unpriced_records)
         SELECT d, $2, 'openai', $3, 840000, 0, 0, 360000, 0, 1, 1, 1, 0
         FROM generate_series($1::date - 27, $1::date, interval '1 day') AS d`,
        [night, ATTACKER, model],
      );
      const post = (path: string, body: unknown) =>
        call(a.baseUrl, path, keys.finops, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      // Tonight's recommendation for that workload: migrate, above its 20M self-hosting threshold.
      await planner.get(RecommendationRepository).replaceNight(night, [
        {
          team: ATTACKER,
          workload: `api:openai/${model}`,
          kind: 'MIGRATE_TO_SELF_HOSTED',
          fingerprint: 'f'.repeat(64),
          announced: true,
          rationale: 'team-against-team',
          inputs: {},
          numbers: { breakEvenMonths: 4, thresholdTokensPerMonth: 20e6 },
        },
      ]);
      const slack = {
        team: ATTACKER,
        type: 'slack',
        name: 'ads channel',
        url: 'https://hooks.slack.com/services/T000/B000/XXXX',
        kinds: ['run-rate-self-host'],
      };
      const created = await post('/v1/alerts/destinations', slack);
      expect(created.status).toBe(201);
      const slackId = ((await created.json()) as { destination: { id: string } }).destination.id;
      await planner.get(AlertStep).run(night);
      // The message the worker would post, as the night queued it.
      const queue = planner.get<Queue>(getQueueToken(Queues.webhooks));
      const jobs = await queue.getJobs(['waiting', 'delayed', 'prioritized']);
      const bodies = jobs
        .map((job) => job.data as WebhookDeliveryPayload)
        .filter((data) => data.endpointId === slackId)
        .map((data) => data.body);
      expect(bodies).toHaveLength(1);
      // Slack reads `text` and mrkdwn blocks for mentions and links; plain_text shows them as typed.
      const payload = JSON.parse(bodies[0]!) as { text: string; blocks: unknown };
      const interpreted = [payload.text];
      JSON.stringify(payload.blocks, (_, value: { type?: string; text?: unknown }) => {
        if (value?.type === 'mrkdwn' && typeof value.text === 'string') interpreted.push(value.text);
        return value;
      });
      expect(interpreted.filter((text) => text.includes('evil')).length).toBeGreaterThanOrEqual(2);
      for (const text of interpreted) {
        expect(text).not.toMatch(/[<>]/);
        if (text.includes('evil')) expect(text).toContain('&lt;!channel&gt; &lt;https://evil.example|click here&gt;');
      }
    } finally {
      await planner.close();
    }

    // A finops export for a team names its file after it, with nothing a header could be split by.
    const focus = await call(a.baseUrl, `/v1/exports/focus?week=2026-W10&team=${ATTACKER}`, keys.finops);
    expect(focus.status).toBe(200);
    expect(focus.headers.get('content-disposition')).toBe(
      `attachment; filename="tokenmeter-focus-2026-W10-${ATTACKER}.csv"`,
    );
    const crafted = await call(
      a.baseUrl,
      '/v1/exports/focus?week=2026-W10&team=ads%0D%0ASet-Cookie%3A%20x%3D1',
      keys.finops,
    );
    expect(crafted.status).toBe(400);
    expect(crafted.headers.get('set-cookie')).toBeNull();
  });

  it('14. Kafka takes no anonymous client; a record signed with one team’s key never counts for another', async () => {
    const topics = topicNames(env.TOPIC_PREFIX);
    const record = (id: string) => JSON.stringify(usageEvent({ id, source: 'urn:kafka-attack', team: VICTIM }));
    const anonymous = record(`anon-${randomUUID()}`);
    await expect(
      produce(topics.usageEvents, [{ key: VICTIM, value: anonymous }], { sign: false, sasl: null }),
    ).rejects.toThrow();

    const claimed = record(`claimed-${randomUUID()}`);
    const unsigned = record(`unsigned-${randomUUID()}`);
    await produce(
      topics.usageEvents,
      [
        // The attacker's key, the victim's team.
        { key: VICTIM, value: claimed, headers: signatureHeaders(attackerSigner, claimed) },
        { key: VICTIM, value: unsigned },
      ],
      { sign: false, sasl: localStackSasl('producer') },
    );
    expect(await deadLetter(JSON.parse(claimed).id)).toBe(
      `subject: key ${attackerSigner.keyId} belongs to team "${ATTACKER}"; the record claims team "${VICTIM}"`,
    );
    expect(await deadLetter(JSON.parse(unsigned).id)).toMatch(/unsigned record/);
    const stored = await sql.query("SELECT count(*)::int AS n FROM usage_records WHERE source = 'urn:kafka-attack'");
    expect(stored.rows[0].n).toBe(0);
  });

  it('15. keys expire, record their last use, rotate with overlap; /metrics can be private', async () => {
    const repo = a.app.get(ApiKeyRepository);
    const shortLived = await repo.create({
      role: 'team',
      team: VICTIM,
      name: 'short',
      expiresAt: new Date(Date.now() + 1_500),
    });
    expect((await call(a.baseUrl, '/v1/teams', shortLived.key)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await call(a.baseUrl, '/v1/teams', shortLived.key)).status).toBe(401);
    const listed = ((await (await call(a.baseUrl, '/v1/keys?pageSize=200', keys.finops)).json()) as { items: unknown })
      .items as {
      keyId: string;
      lastUsedAt: string | null;
      expiresAt: string | null;
    }[];
    expect(listed.find((k) => k.keyId === shortLived.keyId)).toMatchObject({ lastUsedAt: expect.any(String) });

    const old = await repo.create({ role: 'ingest', team: VICTIM, name: 'to rotate' });
    const rotated = await call(a.baseUrl, `/v1/keys/${old.keyId}/rotate`, keys.finops, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ overlapSeconds: 2 }),
    });
    expect(rotated.status).toBe(201);
    const fresh = (await rotated.json()) as { key: string; role: string; team: string };
    expect(fresh).toMatchObject({ role: 'ingest', team: VICTIM });
    const send = (key: string) => postEvent(key, usageEvent({ team: VICTIM }));
    expect((await send(old.key)).status).toBe(202);
    expect((await send(fresh.key)).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 2_600));
    expect((await send(old.key)).status).toBe(401);
    expect((await send(fresh.key)).status).toBe(202);

    // /docs too, on the instance that says so (API_DOCS_PUBLIC=false).
    expect((await fetch(`${bUrl}/docs/openapi.json`)).status).toBe(401);
    expect((await call(bUrl, '/docs/openapi.json', keys.finops)).status).toBe(200);
    expect((await fetch(`${a.baseUrl}/docs/openapi.json`)).status).toBe(200);
    // (The rate limiter failing open, and saying so, needs Redis stopped: test/integration/ingest-rate-limit.test.ts.)
    expect((await fetch(`${bUrl}/metrics`)).status).toBe(401);
    expect((await call(bUrl, '/metrics', keys.victimTeam)).status).toBe(403);
    expect((await call(bUrl, '/metrics', keys.finops)).status).toBe(200);
    expect((await fetch(`${a.baseUrl}/metrics`)).status).toBe(200);
  });
});
