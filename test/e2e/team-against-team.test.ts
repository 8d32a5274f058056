// One team against another: each attack of issue #17 (items 1–13 and 15; Kafka is the kafkasec
// lane's) tried against running apps — two API instances (one in this process, one its own
// process) and an ingest process — holding team "ads"'s keys, and shown refused or harmless for
// team "search".
import { randomUUID } from 'node:crypto';
import { parseDeploymentSpec } from '@tokenmeter/contracts';
import { usageEvent } from '@tokenmeter/workload';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyRepository, DeploymentRepository, TeamRepository } from '../../libs/db/src';
import { parseCsv } from '../../libs/finops/src/exports/csv-text';
import { startApiInProcess } from '../support/api-harness';
import { AppEnv, createAppEnv } from '../support/app-env';
import { AppProcess, startApp, waitForHttp } from '../support/app-process';
import type { TestEnv } from '../support/ingest-harness';
import type { TestDatabase } from '../support/test-database';
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
  const keys = {} as Record<'victimIngest' | 'victimTeam' | 'attackerIngest' | 'attackerTeam' | 'finops', string>;

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

  beforeAll(async () => {
    ({ db, env, ports } = await createAppEnv());
    const { API_PORT: _port, ...inProcessEnv } = env;
    a = await startApiInProcess({ ...inProcessEnv, INGEST_RATE_LIMIT_PER_MINUTE: '100000' } as unknown as TestEnv);
    // The second instance: its own process, trusting a proxy on loopback, /metrics not public, logging requests.
    b = startApp('api', {
      ...env,
      LOG_LEVEL: 'info',
      API_TRUSTED_PROXY: 'loopback',
      API_METRICS_PUBLIC: 'false',
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
    keys.attackerIngest = (await repo.create({ role: 'ingest', team: ATTACKER, name: 'attacker' })).key;
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

  it('3. an event cannot name another team’s deployment', async () => {
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

    expect((await fetch(`${bUrl}/metrics`)).status).toBe(401);
    expect((await call(bUrl, '/metrics', keys.victimTeam)).status).toBe(403);
    expect((await call(bUrl, '/metrics', keys.finops)).status).toBe(200);
    expect((await fetch(`${a.baseUrl}/metrics`)).status).toBe(200);
  });
});
