// Every route the API serves × every role (no key, ingest, team, finops) × own/other team, against
// a table of expected rules. Routes are read from Nest's controllers at test time: a route without
// a rule fails the test, so whoever adds an endpoint must say here who may call it.

import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { usageEvent } from '@tokenmeter/workload';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDeploymentSpec } from '../../libs/contracts/src';
import {
  AlertRuleRepository,
  ApiKeyRepository,
  BudgetRepository,
  DeploymentRepository,
  TeamRepository,
  WebhookEndpointRepository,
} from '../../libs/db/src';
import { SubstituteCatalogService } from '../../libs/planner/src';
import { startApiInProcess } from '../support/api-harness';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';

type Role = 'none' | 'ingest' | 'team' | 'finops';
type Team = 'own' | 'other';
interface Call {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}
interface Rule {
  /** Roles that may call the route at all; 'public' = no key needed. */
  allowed: Exclude<Role, 'none'>[] | 'public';
  /**
   * How a non-finops key is limited to its team: 'param' (asking for another team is refused with
   * `otherTeamStatus`), 'implicit' (its own data only, nothing to ask for), 'none' (not team data).
   */
  scope: 'param' | 'implicit' | 'none';
  otherTeamStatus?: number;
  request(team: string): Promise<Call> | Call;
}

const OWN = 'search';
const OTHER = 'ads';
const unique = () => randomBytes(4).toString('hex');
const MATRIX_ACTOR = { actor: 'matrix-test', role: 'finops' };

const deploymentBody = (team: string) => ({
  team,
  servedModel: 'llama-3.1-70b',
  gpuType: 'h100-80gb',
  gpuCount: 2,
  gpuUnitPriceUsd: '30000',
  gpuPowerWatts: 700,
  electricityUsdPerKwh: '0.15',
});

describe('authorization matrix', () => {
  let suite: UsageSuite;
  let api: Awaited<ReturnType<typeof startApiInProcess>>;
  let receiver: Server;
  let receiverUrl = '';
  const keys = {} as Record<Exclude<Role, 'none'>, string>;

  const RULES: Record<string, Rule> = {
    'GET /healthz': { allowed: 'public', scope: 'none', request: () => ({ path: '/healthz' }) },
    'GET /readyz': { allowed: 'public', scope: 'none', request: () => ({ path: '/readyz' }) },
    'GET /metrics': { allowed: 'public', scope: 'none', request: () => ({ path: '/metrics' }) },
    'POST /v1/events': {
      allowed: ['ingest', 'finops'],
      scope: 'param',
      otherTeamStatus: 403,
      request: (team) => ({
        path: '/v1/events',
        body: usageEvent({ team }),
        headers: { 'content-type': 'application/cloudevents+json' },
      }),
    },
    'POST /v1/usage/:provider': {
      allowed: ['ingest', 'finops'],
      scope: 'param',
      otherTeamStatus: 403,
      request: (team) => ({
        path: '/v1/usage/openai',
        body: {
          id: `chatcmpl-${unique()}`,
          model: 'gpt-4o',
          usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 },
        },
        headers: { 'content-type': 'application/json', 'x-tokenmeter-team': team },
      }),
    },
    // OTLP/HTTP receiver (issue 22): an ingest key naming another team with X-TokenMeter-Team is refused.
    'POST /v1/traces': {
      allowed: ['ingest', 'finops'],
      scope: 'param',
      otherTeamStatus: 403,
      request: (team) => ({
        path: '/v1/traces',
        body: { resourceSpans: [] },
        headers: { 'content-type': 'application/json', 'x-tokenmeter-team': team },
      }),
    },
    'GET /v1/usage': {
      allowed: ['team', 'finops'],
      scope: 'param',
      otherTeamStatus: 403,
      request: (team) => ({ path: `/v1/usage?from=2026-03-01&to=2026-04-01&team=${team}` }),
    },
    'GET /v1/usage.csv': {
      allowed: ['team', 'finops'],
      scope: 'param',
      otherTeamStatus: 403,
      request: (team) => ({ path: `/v1/usage.csv?from=2026-03-01&to=2026-04-01&team=${team}` }),
    },
    'GET /v1/exports/focus': {
      allowed: ['team', 'finops'],
      scope: 'param',
      otherTeamStatus: 403,
      request: (team) => ({ path: `/v1/exports/focus?week=2026-W13&team=${team}` }),
    },
    'GET /v1/teams': { allowed: ['team', 'finops'], scope: 'implicit', request: () => ({ path: '/v1/teams' }) },
    'GET /v1/prices': {
      allowed: ['team', 'finops'],
      scope: 'none',
      request: () => ({ path: '/v1/prices?provider=openai&pageSize=5' }),
    },
    'PUT /v1/prices/:id': {
      allowed: ['finops'],
      scope: 'none',
      request: () => ({
        path: `/v1/prices/matrix-${unique()}`,
        body: {
          provider: 'openai',
          model: `matrix-${unique()}`,
          inputPerMTok: '1',
          outputPerMTok: '2',
          effectiveFrom: '2026-01-01T00:00:00Z',
          source: 'matrix',
        },
        headers: { 'content-type': 'application/json' },
      }),
    },
    'POST /v1/keys': {
      allowed: ['finops'],
      scope: 'none',
      request: (team) => ({
        path: '/v1/keys',
        body: { role: 'team', team, name: 'matrix' },
        headers: { 'content-type': 'application/json' },
      }),
    },
    'GET /v1/keys': { allowed: ['finops'], scope: 'none', request: () => ({ path: '/v1/keys' }) },
    // Budgets (issue 18): a gateway's ingest key asks its own team's status; finops manages budgets.
    'GET /v1/budgets/status': {
      allowed: ['ingest', 'team', 'finops'],
      scope: 'param',
      otherTeamStatus: 403,
      request: (team) => ({ path: `/v1/budgets/status?team=${team}` }),
    },
    'GET /v1/budgets': {
      allowed: ['team', 'finops'],
      scope: 'param',
      otherTeamStatus: 403,
      request: (team) => ({ path: `/v1/budgets?team=${team}` }),
    },
    'PUT /v1/budgets': {
      allowed: ['finops'],
      scope: 'none',
      request: (team) => ({
        path: '/v1/budgets',
        body: { team, project: `matrix-${unique()}`, amount: '100' },
        headers: { 'content-type': 'application/json' },
      }),
    },
    'DELETE /v1/budgets/:id': {
      allowed: ['finops'],
      scope: 'none',
      request: async (team) => ({
        path: `/v1/budgets/${
          (
            await api.app
              .get(BudgetRepository)
              .upsert({ team, project: `matrix-${unique()}`, unit: 'usd', amount: '1', hardLimit: false })
          ).id
        }`,
      }),
    },
    // The budgets page (issue 18): a team key reads its team's budgets; finops sets and deletes them there.
    'GET /budgets': teamRead('/budgets'),
    'POST /budgets': {
      allowed: ['finops'],
      scope: 'none',
      request: (team) => ({
        path: '/budgets',
        body: `team=${team}&project=matrix-${unique()}&amount=100&unit=usd`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    },
    'POST /budgets/:id/delete': {
      allowed: ['finops'],
      scope: 'none',
      request: async (team) => ({
        path: `/budgets/${
          (
            await api.app
              .get(BudgetRepository)
              .upsert({ team, project: `matrix-${unique()}`, unit: 'usd', amount: '1', hardLimit: false })
          ).id
        }/delete`,
        body: '',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    },
    // Reconciliation (issue 18): finops imports provider cost exports and compares them with metering.
    'POST /v1/reconciliation/imports': {
      allowed: ['finops'],
      scope: 'none',
      request: () => ({
        path: '/v1/reconciliation/imports?provider=openai',
        body: { object: 'page', data: [], has_more: false, next_page: null },
        headers: { 'content-type': 'application/json' },
      }),
    },
    'GET /v1/reconciliation': {
      allowed: ['finops'],
      scope: 'none',
      request: () => ({ path: '/v1/reconciliation?from=2026-03-01&to=2026-04-01' }),
    },
    'DELETE /v1/keys/:id': {
      allowed: ['finops'],
      scope: 'none',
      request: async (team) => ({
        path:
          `/v1/keys/` +
          `${(await api.app.get(ApiKeyRepository).create({ role: 'team', team, name: 'to revoke' })).keyId}`,
      }),
    },
    'POST /v1/keys/:id/rotate': {
      allowed: ['finops'],
      scope: 'none',
      request: async (team) => ({
        path:
          `/v1/keys/` +
          `${(await api.app.get(ApiKeyRepository).create({ role: 'team', team, name: 'to rotate' })).keyId}/rotate`,
        body: { overlapSeconds: 60 },
        headers: { 'content-type': 'application/json' },
      }),
    },
    'GET /v1/deployments': {
      allowed: ['team', 'finops'],
      scope: 'implicit',
      request: () => ({ path: '/v1/deployments' }),
    },
    'POST /v1/planner/runs': {
      allowed: ['finops'],
      scope: 'none',
      request: () => ({
        path: '/v1/planner/runs',
        body: { date: '2020-01-01' },
        headers: { 'content-type': 'application/json' },
      }),
    },
    'GET /v1/planner/runs': { allowed: ['finops'], scope: 'none', request: () => ({ path: '/v1/planner/runs' }) },
    'GET /v1/assumptions': { allowed: ['finops'], scope: 'none', request: () => ({ path: '/v1/assumptions' }) },
    'GET /v1/assumptions/history': {
      allowed: ['finops'],
      scope: 'none',
      request: () => ({ path: '/v1/assumptions/history?limit=5' }),
    },
    'PUT /v1/assumptions': {
      allowed: ['finops'],
      scope: 'none',
      request: () => ({
        path: '/v1/assumptions',
        body: { discountRatePerYear: 0.09 },
        headers: { 'content-type': 'application/json' },
      }),
    },
    'GET /v1/recommendations': {
      allowed: ['team', 'finops'],
      scope: 'param',
      otherTeamStatus: 403,
      request: (team) => ({ path: `/v1/recommendations?team=${team}` }),
    },
    'GET /v1/alerts': {
      allowed: ['team', 'finops'],
      scope: 'param',
      otherTeamStatus: 403,
      request: (team) => ({ path: `/v1/alerts?team=${team}` }),
    },
    'GET /v1/deployments/:name': {
      allowed: ['team', 'finops'],
      scope: 'param',
      otherTeamStatus: 403,
      request: (team) => ({ path: `/v1/deployments/matrix-${team}` }),
    },
    'GET /v1/deployments/:name/utilization': {
      allowed: ['team', 'finops'],
      scope: 'param',
      otherTeamStatus: 403,
      request: (team) => ({ path: `/v1/deployments/matrix-${team}/utilization?from=2026-01-01&to=2026-01-31` }),
    },
    'GET /v1/forecasts': {
      allowed: ['team', 'finops'],
      scope: 'param',
      otherTeamStatus: 403,
      request: (team) => ({ path: `/v1/forecasts?team=${team}` }),
    },
    'PUT /v1/deployments/:name': {
      allowed: ['finops'],
      scope: 'none',
      request: (team) => ({
        path: `/v1/deployments/matrix-put-${unique()}`,
        body: deploymentBody(team),
        headers: { 'content-type': 'application/json' },
      }),
    },
    'DELETE /v1/deployments/:name': {
      allowed: ['finops'],
      scope: 'none',
      request: async (team) => {
        const name = `matrix-del-${unique()}`;
        const parsed = parseDeploymentSpec(deploymentBody(team));
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
        await api.app.get(DeploymentRepository).upsert(name, parsed.spec);
        return { path: `/v1/deployments/${name}` };
      },
    },
    // Weekly report (issue 7): JSON for API clients, HTML pages for browsers (session cookie or Bearer).
    'POST /v1/reports/weekly': {
      allowed: ['finops'],
      scope: 'none',
      request: () => ({
        path: '/v1/reports/weekly',
        body: { week: '2026-W13' },
        headers: { 'content-type': 'application/json' },
      }),
    },
    'GET /v1/reports/weekly/:week': {
      allowed: ['team', 'finops'],
      scope: 'param',
      otherTeamStatus: 403,
      request: (team) => ({ path: `/v1/reports/weekly/2026-W13?team=${team}` }),
    },
    'GET /reports/weekly/:week': {
      allowed: ['team', 'finops'],
      scope: 'param',
      otherTeamStatus: 403,
      request: (team) => ({ path: `/reports/weekly/2026-W13?team=${team}` }),
    },
    'GET /dashboard': { allowed: ['team', 'finops'], scope: 'implicit', request: () => ({ path: '/dashboard' }) },
    'GET /login': { allowed: 'public', scope: 'none', request: () => ({ path: '/login' }) },
    // Signing in answers 303 to `next`; fetch follows it to the (public) sign-in page. The form's
    // CSRF token comes from GET /login, as a browser's would.
    'POST /login': {
      allowed: 'public',
      scope: 'none',
      request: async () => {
        const form = await fetch(`${api.baseUrl}/login`);
        const cookie = form.headers
          .getSetCookie()
          .find((c) => c.startsWith('tm_csrf='))!
          .split(';')[0]!;
        const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())![1]!;
        return {
          path: '/login',
          body: `key=${encodeURIComponent(keys.finops)}&next=%2Flogin&csrf=${csrf}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        };
      },
    },
    'POST /logout': {
      allowed: 'public',
      scope: 'none',
      request: () => ({ path: '/logout', body: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    },
    // Alerting as data (issue 21): team keys manage their own team's rules and destinations.
    'GET /v1/alerts/rules': teamRead('/v1/alerts/rules'),
    'POST /v1/alerts/rules': {
      allowed: ['team', 'finops'],
      scope: 'param',
      otherTeamStatus: 403,
      request: async (team) => {
        for (const r of await rules().list(team)) await rules().delete(r.id, MATRIX_ACTOR);
        return json('/v1/alerts/rules', { team, kind: 'run-rate-review', threshold: 25e6 });
      },
    },
    'PATCH /v1/alerts/rules/:id': ruleCall((id) => json(`/v1/alerts/rules/${id}`, { threshold: 30e6 })),
    'POST /v1/alerts/rules/:id/mute': ruleCall((id) => json(`/v1/alerts/rules/${id}/mute`, { until: null })),
    'DELETE /v1/alerts/rules/:id': ruleCall((id) => ({ path: `/v1/alerts/rules/${id}` })),
    'GET /v1/alerts/destinations': teamRead('/v1/alerts/destinations'),
    'POST /v1/alerts/destinations': {
      allowed: ['team', 'finops'],
      scope: 'param',
      otherTeamStatus: 403,
      request: (team) => json('/v1/alerts/destinations', { team, type: 'slack', url: receiverUrl }),
    },
    'PATCH /v1/alerts/destinations/:id': destinationCall((id) =>
      json(`/v1/alerts/destinations/${id}`, { name: 'renamed' }),
    ),
    'POST /v1/alerts/destinations/:id/mute': destinationCall((id) =>
      json(`/v1/alerts/destinations/${id}/mute`, { until: '2030-01-01T00:00:00Z' }),
    ),
    'DELETE /v1/alerts/destinations/:id': destinationCall((id) => ({ path: `/v1/alerts/destinations/${id}` })),
    'POST /v1/alerts/destinations/:id/test': destinationCall((id) => ({ path: `/v1/alerts/destinations/${id}/test` })),
    'GET /v1/alerts/history': teamRead('/v1/alerts/history'),
    'GET /v1/alerts/audit': teamRead('/v1/alerts/audit'),
    'GET /v1/alerts/saturation': teamRead('/v1/alerts/saturation'),
    'GET /alerts': teamRead('/alerts'),
    'GET /alerts/history': teamRead('/alerts/history'),
    // Decision inputs (issue 16): a team's profile and the substitute catalog are finops' to change.
    'PATCH /v1/teams/:slug': {
      allowed: ['finops'],
      scope: 'none',
      request: (team) => json(`/v1/teams/${team}`, { privacy: 'preferred' }),
    },
    'GET /v1/substitutes': { allowed: ['team', 'finops'], scope: 'none', request: () => ({ path: '/v1/substitutes' }) },
    'GET /v1/substitutes/history': {
      allowed: ['finops'],
      scope: 'none',
      request: () => ({ path: '/v1/substitutes/history?limit=5' }),
    },
    'PUT /v1/substitutes/:model': {
      allowed: ['finops'],
      scope: 'none',
      request: () => json(`/v1/substitutes/matrix-${unique()}`, substituteEntry()),
    },
    'DELETE /v1/substitutes/:model': {
      allowed: ['finops'],
      scope: 'none',
      request: async () => {
        const model = `matrix-${unique()}`;
        const set = await api.app.get(SubstituteCatalogService).set(model, substituteEntry(), 'matrix-test');
        if (!set.ok) throw new Error(set.problems.join('; '));
        return { path: `/v1/substitutes/${model}` };
      },
    },
  };

  function substituteEntry() {
    return { provider: 'openai', reasoning: false, contextTokens: 128_000, substitutes: [] };
  }

  function teamRead(path: string): Rule {
    return {
      allowed: ['team', 'finops'],
      scope: 'param',
      otherTeamStatus: 403,
      request: (team) => ({ path: `${path}?team=${team}` }),
    };
  }
  function json(path: string, body: unknown): Call {
    return { path, body, headers: { 'content-type': 'application/json' } };
  }
  function rules() {
    return api.app.get(AlertRuleRepository);
  }
  /** A route on one rule of the team's: a fresh rule per call (mute and delete change it). */
  function ruleCall(call: (id: string) => Call): Rule {
    return {
      allowed: ['team', 'finops'],
      scope: 'param',
      otherTeamStatus: 403,
      request: async (team) => {
        for (const r of await rules().list(team)) await rules().delete(r.id, MATRIX_ACTOR);
        const rule = { team, kind: 'low-utilization', threshold: 0.2, hysteresis: 0.1, enabled: true };
        const created = await rules().create({ ...rule, cooldownDays: 0, mutedUntil: null }, MATRIX_ACTOR);
        return call(created.id);
      },
    };
  }
  function destinationCall(call: (id: string) => Call): Rule {
    return {
      allowed: ['team', 'finops'],
      scope: 'param',
      otherTeamStatus: 403,
      request: async (team) => {
        const repository = api.app.get(WebhookEndpointRepository);
        return call(await repository.create({ team, type: 'slack', url: receiverUrl, secret: '' }));
      },
    };
  }

  /** METHOD /path for every handler of every controller Nest registered. */
  function registeredRoutes(): string[] {
    const routes = new Set<string>();
    for (const module of api.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
        if (!controller) continue;
        const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
        for (const name of Object.getOwnPropertyNames(controller.prototype)) {
          const handler = controller.prototype[name];
          if (
            name === 'constructor' ||
            typeof handler !== 'function' ||
            Reflect.getMetadata(PATH_METADATA, handler) === undefined
          )
            continue;
          const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
          const path = `/${[base, String(Reflect.getMetadata(PATH_METADATA, handler))].join('/')}`
            .replace(/\/+/g, '/')
            .replace(/(.)\/$/, '$1');
          routes.add(`${method} ${path}`);
        }
      }
    }
    return [...routes].sort();
  }

  function expected(rule: Rule, role: Role, team: Team): number | '2xx' {
    if (rule.allowed === 'public') return '2xx';
    if (role === 'none') return 401;
    if (!rule.allowed.includes(role)) return 403;
    if (role !== 'finops' && rule.scope === 'param' && team === 'other') return rule.otherTeamStatus ?? 403;
    return '2xx';
  }

  beforeAll(async () => {
    suite = await createUsageSuite();
    receiver = createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end('ok')));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    api = await startApiInProcess({
      ...suite.env,
      INGEST_RATE_LIMIT_PER_MINUTE: '100000',
      ALERT_ALLOWED_HOSTS: '127.0.0.1',
      ALERT_ALLOW_HTTP: 'true',
    });
    await api.app.get(TeamRepository).upsert({ slug: OWN, name: 'Search' });
    await api.app.get(TeamRepository).upsert({ slug: OTHER, name: 'Ads' });
    const repository = api.app.get(ApiKeyRepository);
    keys.ingest = (await repository.create({ role: 'ingest', team: OWN, name: 'matrix' })).key;
    keys.team = (await repository.create({ role: 'team', team: OWN, name: 'matrix' })).key;
    keys.finops = (await repository.create({ role: 'finops', team: null, name: 'matrix' })).key;
    for (const team of [OWN, OTHER]) {
      const parsed = parseDeploymentSpec(deploymentBody(team));
      if (parsed.ok) await api.app.get(DeploymentRepository).upsert(`matrix-${team}`, parsed.spec);
    }
  });

  afterAll(async () => {
    receiver?.close();
    await api?.app.close();
    await suite?.close();
  });

  it('has a rule for every route the API serves, and the OpenAPI document lists them all', async () => {
    const routes = registeredRoutes();
    expect(routes.length).toBeGreaterThan(10);
    const missing = routes.filter((route) => !RULES[route]);
    expect(
      missing,
      `routes without a rule in test/integration/authorization-matrix.test.ts RULES: add one for each`,
    ).toEqual([]);
    const stale = Object.keys(RULES).filter((route) => !routes.includes(route));
    expect(stale, 'rules for routes that no longer exist').toEqual([]);
    const document = (await (await fetch(`${api.baseUrl}/docs/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(routes.filter((route) => !documented.includes(route))).toEqual([]);
    const page = await fetch(`${api.baseUrl}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger');
  });

  it('answers each role as the rules say, for its own team and another', async () => {
    const failures: string[] = [];
    let calls = 0;
    for (const route of registeredRoutes()) {
      const rule = RULES[route];
      if (!rule) continue; // reported by the test above
      const method = route.split(' ')[0]!;
      for (const role of ['none', 'ingest', 'team', 'finops'] as const) {
        for (const team of ['own', 'other'] as const) {
          const call = await rule.request(team === 'own' ? OWN : OTHER);
          const res = await fetch(`${api.baseUrl}${call.path}`, {
            method,
            headers: { ...(call.headers ?? {}), ...(role === 'none' ? {} : { authorization: `Bearer ${keys[role]}` }) },
            body:
              call.body === undefined
                ? undefined
                : typeof call.body === 'string'
                  ? call.body
                  : JSON.stringify(call.body),
          });
          calls++;
          const text = await res.text();
          const want = expected(rule, role, team);
          const ok = want === '2xx' ? res.status >= 200 && res.status < 300 : res.status === want;
          if (!ok)
            failures.push(
              `${route} as ${role} (${team} team): expected ${want}, got ${res.status} ${text.slice(0, 200)}`,
            );
          if (!ok || res.status < 400) continue;
          const body = JSON.parse(text) as { status: number; errors: { path: string; message: string }[] };
          if (body.status !== res.status || !Array.isArray(body.errors) || body.errors.length === 0)
            failures.push(`${route} as ${role}: error not in the one JSON shape: ${text}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(calls).toBe(registeredRoutes().length * 8);
  });
});
