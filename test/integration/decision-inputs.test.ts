// What finops tells the planner about the organization (issue 16): a team's privacy level,
// customization and latency needs, and the organization's own substitute catalog. Set through the
// API, refused with the field named when wrong, versioned, and used by the next night: the stored
// recommendation carries the profile and the catalog version it was decided with.
import { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyRepository, TeamRepository } from '../../libs/db/src';
import { NightlyChain } from '../../libs/planner/src';
import { startApiInProcess } from '../support/api-harness';
import { startPlannerContext } from '../support/planner-context';
import { loadPlannerHistory } from '../support/planner-history';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';

const NIGHT = '2026-03-20';

const llama8bOnly = {
  provider: 'openai',
  reasoning: false,
  contextTokens: 128_000,
  substitutes: [
    {
      model: 'llama-3.1-8b',
      precision: 'fp16',
      parametersB: 8,
      reasoning: false,
      contextTokens: 128_000,
      toolUse: true,
      expectedTokenRatio: 1.1,
      tokenRatioBasis: 'Llama 3 tokenizer against o200k',
      evidence: [
        {
          benchmark: 'MMLU',
          api: { score: 82, source: 'OpenAI', url: 'https://openai.com/index/hello-gpt-4o/', date: '2024-05-13' },
          open: { score: 73, source: 'Meta', url: 'https://github.com/meta-llama/llama-models', date: '2024-07-23' },
        },
      ],
    },
  ],
};

describe('decision inputs set by finops reach the nightly recommendations', () => {
  let suite: UsageSuite;
  let api: Awaited<ReturnType<typeof startApiInProcess>>;
  let planner: INestApplicationContext;
  let finops = '';
  let teamKey = '';
  const call = (method: string, path: string, body?: unknown, key = finops) =>
    fetch(`${api.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    suite = await createUsageSuite();
    await loadPlannerHistory(suite.sql, NIGHT);
    api = await startApiInProcess(suite.env);
    for (const slug of ['flat-small', 'growth']) await api.app.get(TeamRepository).upsert({ slug, name: slug });
    const keys = api.app.get(ApiKeyRepository);
    finops = (await keys.create({ role: 'finops', team: null, name: 'decision-inputs' })).key;
    teamKey = (await keys.create({ role: 'team', team: 'flat-small', name: 'decision-inputs' })).key;
  }, 300_000);
  afterAll(async () => {
    await planner?.close();
    await api?.app.close();
    await suite?.close();
  });

  it("sets a team's profile, and refuses a bad level or a team key", async () => {
    const bad = await call('PATCH', '/v1/teams/flat-small', { privacy: 'secret' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('body.privacy: expected one of none, preferred, critical');
    expect((await call('PATCH', '/v1/teams/flat-small', { privacy: 'must-not-leave' }, teamKey)).status).toBe(403);
    expect((await call('PATCH', '/v1/teams/nobody', { privacy: 'none' })).status).toBe(404);
    const ok = await call('PATCH', '/v1/teams/flat-small', { privacy: 'must-not-leave', customization: true });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      slug: 'flat-small',
      privacy: 'must-not-leave',
      privacyCritical: true,
      extensiveCustomization: true,
      latencyUnder100ms: false,
    });
  });

  it('overrides a substitute entry as a new version, naming bad fields', async () => {
    const bad = await call('PUT', '/v1/substitutes/gpt-4o', {
      ...llama8bOnly,
      substitutes: [{ ...llama8bOnly.substitutes[0], model: 'gpt-4o-open' }],
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('body.substitutes[0].model: expected an open model');
    const noSource = await call('PUT', '/v1/substitutes/gpt-4o', {
      ...llama8bOnly,
      substitutes: [
        {
          ...llama8bOnly.substitutes[0],
          evidence: [{ ...llama8bOnly.substitutes[0].evidence[0], api: { score: 82, source: 'OpenAI' } }],
        },
      ],
    });
    expect(noSource.status).toBe(400);
    expect(JSON.stringify(await noSource.json())).toContain('substitutes[0].evidence[0].api.url');
    // gpt-4o-mini too: the organization's idle llama-3.1-70b would otherwise take flat-small's load.
    const set = await call('PUT', '/v1/substitutes/gpt-4o?note=legal%20approved%20Llama%20only', {
      ...llama8bOnly,
      aliases: ['gpt-4o-mini'],
    });
    expect(set.status).toBe(200);
    const stored = (await set.json()) as { version: number; note: string; setBy: string };
    expect(stored).toMatchObject({ version: 1, note: 'legal approved Llama only' });
    expect(stored.setBy).toMatch(/^api key /);
    const current = (await (await call('GET', '/v1/substitutes', undefined, teamKey)).json()) as {
      version: number;
      catalog: { apiModels: string[]; substitutes: { model: string }[] }[];
    };
    expect(current.version).toBe(1);
    const gpt4o = current.catalog.find((e: { apiModels: string[] }) => e.apiModels.includes('gpt-4o'));
    expect(gpt4o?.substitutes.map((s: { model: string }) => s.model)).toEqual(['llama-3.1-8b']);
    expect(gpt4o?.apiModels).toEqual(['gpt-4o', 'gpt-4o-mini']);
    // The bundled entries for other models stay in force.
    expect(current.catalog.some((e: { apiModels: string[] }) => e.apiModels.includes('claude-sonnet-4'))).toBe(true);
  });

  it('the next night decides with them and stores what it decided with', async () => {
    planner = await startPlannerContext(suite.env);
    await planner.get(NightlyChain).runNight(NIGHT);
    const { rows } = await suite.sql.query(
      `SELECT team, workload, kind, rationale, inputs, numbers FROM recommendations
       WHERE run_date = $1::date AND workload LIKE 'api:%'`,
      [NIGHT],
    );
    const small = rows.find((r) => r.team === 'flat-small');
    // ~6M tokens a month is below the review band, but data that must not leave is a hard constraint.
    expect(small.kind).toBe('SELF_HOST_FOR_COMPLIANCE');
    expect(small.numbers.substitute.model).toBe('llama-3.1-8b');
    expect(small.inputs.profile).toMatchObject({ privacy: 'must-not-leave', extensiveCustomization: true });
    expect(small.rationale).toMatch(/a month more than the API — a compliance premium/);
    const growth = rows.find((r) => r.team === 'growth' && r.workload === 'api:openai/gpt-4o');
    expect(growth.numbers.substitute?.model ?? growth.inputs.substitute?.model).toBe('llama-3.1-8b');
    expect(growth.inputs.substituteCatalogVersion).toBe(1);
    expect(growth.inputs.profile).toMatchObject({ privacy: 'none' });
  }, 600_000);
});
