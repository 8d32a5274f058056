// Deployments through the CLI (the demo fleet from a file) and the API: finops keys manage them,
// team keys read their own team's, and a bad body is refused with every field named.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapApi } from '../../apps/api/src/main';
import { DEMO_DEPLOYMENTS } from '../../apps/cli/src/demo/demo-deployments';
import { parseConfig } from '../../libs/config/src/load-config';
import { hashApiKey } from '../../libs/db/src/repositories/api-key-repository';
import { freePorts } from '../support/app-process';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';

const ROOT = path.resolve(__dirname, '../..');
const KEYS = {
  finops: 'tm_finops_deploymentsapitest000000000000000000000',
  support: 'tm_team_deploymentsapitestsupport0000000000000000',
  ingest: 'tm_ingest_deploymentsapitest000000000000000000000',
};

describe('deployments', () => {
  let suite: UsageSuite;
  let api: Awaited<ReturnType<typeof bootstrapApi>>;
  let base: string;
  const dir = mkdtempSync(path.join(tmpdir(), 'tm-deployments-'));

  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['-r', './scripts/register.js', 'apps/cli/src/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: suite.db.url },
      encoding: 'utf8',
    });
  const call = async (method: string, url: string, key: string, body?: unknown) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  beforeAll(async () => {
    suite = await createUsageSuite();
    await suite.sql.query(
      `INSERT INTO teams (id, slug, name) VALUES
       (gen_random_uuid(), 'support', 'Support'), (gen_random_uuid(), 'search', 'Search')`,
    );
    await suite.sql.query(
      `INSERT INTO api_keys (id, team_id, role, name, prefix, hash) VALUES
         (gen_random_uuid(), NULL, 'finops', 'f', 'tm_finops_depl', $1),
         (gen_random_uuid(), (SELECT id FROM teams WHERE slug = 'support'), 'team', 't', 'tm_team_deplo', $2),
         (gen_random_uuid(), (SELECT id FROM teams WHERE slug = 'support'), 'ingest', 'i', 'tm_ingest_depl', $3)`,
      [hashApiKey(KEYS.finops), hashApiKey(KEYS.support), hashApiKey(KEYS.ingest)],
    );
    const port = freePorts().api;
    api = await bootstrapApi(
      // The engines of these tests live on 10.0.0.0/8, which a metrics URL may reach only when allowed.
      parseConfig({
        ...process.env,
        ...suite.env,
        LOG_LEVEL: 'error',
        API_PORT: String(port),
        METRICS_ALLOWED_NETWORKS: '10.0.0.0/8',
      }),
      { standalone: false },
    );
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await api?.close();
    await suite?.close();
  });

  it('the CLI loads the demo fleet from a file, idempotently, and refuses a bad file whole', () => {
    const file = path.join(dir, 'demo.json');
    writeFileSync(file, JSON.stringify(DEMO_DEPLOYMENTS));
    const first = cli('deployments', 'upsert', '--file', file);
    expect(first.stderr).toBe('');
    expect(
      first.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([
      { name: 'llama-70b-pool', created: true },
      { name: 'qwen-30b-l40s', created: true },
    ]);
    expect(cli('deployments', 'upsert', '--file', file).stdout).toContain('"created":false');

    const bad = path.join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify([
        { ...DEMO_DEPLOYMENTS[0], name: 'ok-one' },
        { ...DEMO_DEPLOYMENTS[1], name: 'bad name', gpuCount: -1 },
      ]),
    );
    const refused = cli('deployments', 'upsert', '--file', bad);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^\[1\]\.name: expected a deployment name/m);
    expect(refused.stderr).toMatch(/^\[1\]\.gpuCount: expected a GPU count: an integer from 1 to 100000, got -1$/m);

    const listed = cli('deployments', 'list')
      .stdout.trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(listed.map((d) => d.name)).toEqual(['llama-70b-pool', 'qwen-30b-l40s']);
    // 4 × H100 from the GPU catalog; Lambda's 4×H100 FP8 Llama 3.1 70B run as the rated throughput.
    expect(listed[0]).toMatchObject({
      team: 'support',
      gpuType: 'h100-80gb',
      gpuCount: 4,
      gpuUnitPriceUsd: '30000',
      gpuPowerWatts: 700,
      pue: '1.3',
      ratedThroughputTokensPerSec: '2242.99',
    });
  });

  it('finops keys see all, team keys their own team, ingest keys nothing', async () => {
    expect(
      (await call('GET', '/v1/deployments', KEYS.finops)).body.deployments.map((d: { name: string }) => d.name),
    ).toEqual(['llama-70b-pool', 'qwen-30b-l40s']);
    expect(
      (await call('GET', '/v1/deployments', KEYS.support)).body.deployments.map((d: { name: string }) => d.name),
    ).toEqual(['llama-70b-pool']);
    // Another team's deployment is a 403 that says why, not an empty answer.
    expect(await call('GET', '/v1/deployments/qwen-30b-l40s', KEYS.support)).toMatchObject({ status: 403 });
    expect(
      await call('GET', '/v1/deployments/qwen-30b-l40s/utilization?from=2026-01-01&to=2026-01-31', KEYS.support),
    ).toMatchObject({ status: 403 });
    expect(await call('GET', '/v1/deployments/no-such-pool', KEYS.support)).toMatchObject({ status: 404 });
    expect(await call('GET', '/v1/deployments/llama-70b-pool', KEYS.support)).toMatchObject({
      status: 200,
      body: { name: 'llama-70b-pool', electricityUsdPerKwh: '0.15' },
    });
    expect(await call('GET', '/v1/deployments', KEYS.ingest)).toMatchObject({ status: 403 });
  });

  it('PUT creates (201) and replaces (200) for finops only; DELETE removes', async () => {
    const body = {
      team: 'search',
      servedModel: 'llama-3.1-8b',
      gpuType: 'l40s-48gb',
      gpuCount: 1,
      gpuUnitPriceUsd: '8000',
      gpuPowerWatts: 350,
      electricityUsdPerKwh: 0.12,
      vllmMetricsUrl: 'http://10.0.0.9:8000/metrics',
    };
    expect(await call('PUT', '/v1/deployments/small-pool', KEYS.support, body)).toMatchObject({ status: 403 });
    const created = await call('PUT', '/v1/deployments/small-pool', KEYS.finops, body);
    expect(created).toMatchObject({
      status: 201,
      body: {
        name: 'small-pool',
        team: 'search',
        gpuUnitPriceUsd: '8000',
        electricityUsdPerKwh: '0.12',
        pue: '1.2',
        amortizationMonths: 36,
        logStatsIntervalSec: '10',
        kubernetesLabels: {},
        engine: 'vllm',
      },
    });
    expect(
      await call('PUT', '/v1/deployments/small-pool', KEYS.finops, { ...body, name: 'small-pool', gpuCount: 2 }),
    ).toMatchObject({ status: 200, body: { gpuCount: 2 } });
    await call('PUT', '/v1/deployments/small-pool', KEYS.finops, { ...body, engine: 'tgi' });
    expect(await call('GET', '/v1/deployments/small-pool', KEYS.finops)).toMatchObject({ body: { engine: 'tgi' } });
    expect(await call('DELETE', '/v1/deployments/small-pool', KEYS.finops)).toMatchObject({ status: 204 });
    expect(await call('GET', '/v1/deployments/small-pool', KEYS.finops)).toMatchObject({ status: 404 });
    expect(await call('DELETE', '/v1/deployments/small-pool', KEYS.finops)).toMatchObject({ status: 404 });
  });

  it('refuses a bad body naming each field', async () => {
    const bad = await call('PUT', '/v1/deployments/small-pool', KEYS.finops, {
      team: 'search',
      servedModel: '',
      gpuCount: 1.5,
      gpuUnitPriceUsd: -1,
      gpuPowerWatts: 350,
      electricityUsdPerKwh: 'cheap',
      pue: 0.5,
      colour: 'red',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ['colour', 'electricityUsdPerKwh', 'gpuCount', 'gpuType', 'gpuUnitPriceUsd', 'pue', 'servedModel'].sort(),
    );
    expect(bad.body.errors).toContainEqual({
      path: 'gpuType',
      message: expect.stringMatching(/^gpuType: missing; expected a GPU type/),
    });
    const unknownTeam = await call('PUT', '/v1/deployments/small-pool', KEYS.finops, {
      team: 'nobody',
      servedModel: 'm',
      gpuType: 'g',
      gpuCount: 1,
      gpuUnitPriceUsd: 1,
      gpuPowerWatts: 1,
      electricityUsdPerKwh: 1,
    });
    expect(unknownTeam.body.errors).toEqual([
      { path: 'team', message: expect.stringMatching(/^team: expected an existing team slug, got "nobody"/) },
    ]);
    const renamed = await call('PUT', '/v1/deployments/small-pool', KEYS.finops, { name: 'other' });
    expect(renamed.body.errors[0]).toMatchObject({ path: 'name' });
    const badName = await call('PUT', '/v1/deployments/bad%20name', KEYS.finops, {});
    expect(badName.body.errors[0]).toMatchObject({ path: 'path.name' });
  });
});
