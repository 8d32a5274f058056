// The budgets page (issue 18) as a browser uses it: finops signs in, sets a budget with the form,
// sees its standing (state and projected month-end), changes and deletes it; a form without the
// session's token, or from a team key, is refused; a team key sees only its own team's budgets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyRepository, BudgetRepository, TeamRepository } from '../../libs/db/src';
import { startApiInProcess } from '../support/api-harness';
import { ensureMonthlyPartitions } from '../support/planner-history';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';

describe('budgets page', () => {
  let suite: UsageSuite;
  let api: Awaited<ReturnType<typeof startApiInProcess>>;
  const keys = { finops: '', team: '', teamKeyId: '' };

  /** Signs in through the login form as a browser does; returns the session cookie. */
  async function signIn(key: string): Promise<string> {
    const form = await fetch(`${api.baseUrl}/login`);
    const csrfCookie = form.headers
      .getSetCookie()
      .find((c) => c.startsWith('tm_csrf='))!
      .split(';')[0]!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const res = await fetch(`${api.baseUrl}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
      body: `key=${encodeURIComponent(key)}&next=%2Fbudgets&csrf=${csrf}`,
    });
    expect(res.status).toBe(303);
    return res.headers
      .getSetCookie()
      .find((c) => c.startsWith('tm_session='))!
      .split(';')[0]!;
  }

  const page = async (cookie: string, query = '') => {
    const res = await fetch(`${api.baseUrl}/budgets${query}`, { headers: { cookie, accept: 'text/html' } });
    return { status: res.status, html: await res.text() };
  };
  const post = (cookie: string, path: string, fields: Record<string, string>) =>
    fetch(`${api.baseUrl}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  const formToken = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1]!;
  const rowOf = (html: string, project: string) =>
    new RegExp(`<tr data-budget="[^"]+">(?:(?!</tr>).)*${project}(?:(?!</tr>).)*</tr>`).exec(html)?.[0] ?? null;

  beforeAll(async () => {
    suite = await createUsageSuite();
    const now = new Date();
    await ensureMonthlyPartitions(suite.sql, now, now);
    api = await startApiInProcess({ ...suite.env, BUDGET_STATUS_REFRESH_SECONDS: '1' });
    await api.app.get(TeamRepository).upsert({ slug: 'search', name: 'Search' });
    await api.app.get(TeamRepository).upsert({ slug: 'ads', name: 'Ads' });
    const repository = api.app.get(ApiKeyRepository);
    keys.finops = (await repository.create({ role: 'finops', team: null, name: 'page' })).key;
    const teamKey = await repository.create({ role: 'team', team: 'search', name: 'page' });
    keys.team = teamKey.key;
    keys.teamKeyId = teamKey.keyId;
    // $60 spent by search/chat a minute ago.
    await suite.sql.query(
      `INSERT INTO usage_records (source, id, time, team, project, tags, provider, model, deployment, input_tokens,
         cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, ingested_at)
       VALUES ('page-test', 'spend-1', $1, 'search', 'chat', '{}'::jsonb, 'openai', 'gpt-4o', NULL,
               1000, 0, 0, 100, 0, 1, 60, $1)`,
      [new Date(now.getTime() - 60_000)],
    );
  });

  afterAll(async () => {
    await api?.app.close();
    await suite?.close();
  });

  it('lets finops set, change and delete a budget, and shows its state and projection', async () => {
    const finops = await signIn(keys.finops);
    const empty = await page(finops);
    expect(empty.status).toBe(200);
    expect(empty.html).toContain('No budgets.');
    const token = formToken(empty.html);

    // A $50 hard-limited budget on search/chat, which has spent $60: exceeded.
    const set = await post(finops, '/budgets', {
      csrf: token,
      team: 'search',
      project: 'chat',
      amount: '50',
      unit: 'usd',
      hardLimit: 'on',
    });
    expect(set.status).toBe(303);
    expect(set.headers.get('location')).toBe('/budgets');
    let row = rowOf((await page(finops)).html, 'chat');
    expect(row).toContain('$50.00');
    expect(row).toContain('$60.00 (120%)');
    expect(row).toContain('state-exceeded');
    expect(row).toMatch(/<td>yes<\/td>/);

    // Raised to $100 000 (no hard limit): ok; the projection to month end is shown beside it.
    await post(finops, '/budgets', { csrf: token, team: 'search', project: 'chat', amount: '100000', unit: 'usd' });
    row = rowOf((await page(finops)).html, 'chat');
    expect(row).toContain('$100,000.00');
    expect(row).toContain('state-ok');
    expect(row).toMatch(/<td>no<\/td>/);
    expect(row).toMatch(/\$60\.00 → \$\d[\d,]*\.\d\d/);
    const [budget] = await api.app.get(BudgetRepository).list('search');
    expect(budget).toMatchObject({ project: 'chat', amount: 100000, hardLimit: false });

    // A bad amount is named, and nothing changes.
    const bad = await post(finops, '/budgets', { csrf: token, team: 'search', project: 'chat', amount: '-3' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('body.amount');

    // Delete.
    const removed = await post(finops, `/budgets/${budget!.id}/delete`, { csrf: token });
    expect(removed.status).toBe(303);
    expect(await api.app.get(BudgetRepository).list('search')).toEqual([]);
    expect(await post(finops, `/budgets/${budget!.id}/delete`, { csrf: token }).then((r) => r.status)).toBe(404);

    // A key budget from the same form; a key of no team of ours is named.
    const keyed = await post(finops, '/budgets', { csrf: token, team: 'search', key: keys.teamKeyId, amount: '7' });
    expect(keyed.status).toBe(303);
    expect(rowOf((await page(finops)).html, keys.teamKeyId)).toContain('$7.00');
    const unknown = await post(finops, '/budgets', {
      csrf: token,
      team: 'ads',
      key: keys.teamKeyId,
      amount: '7',
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('body.key');
    const [keyBudget] = await api.app.get(BudgetRepository).list('search');
    await api.app.get(BudgetRepository).delete(keyBudget!.id);
  });

  it('refuses a form without the session token, or from another site', async () => {
    const finops = await signIn(keys.finops);
    const token = formToken((await page(finops)).html);
    const forged = await post(finops, '/budgets', { team: 'search', amount: '10' });
    expect(forged.status).toBe(403);
    const otherSession = await signIn(keys.finops);
    expect((await post(otherSession, '/budgets', { csrf: token, team: 'search', amount: '10' })).status).toBe(403);
    const crossSite = await fetch(`${api.baseUrl}/budgets`, {
      method: 'POST',
      headers: {
        cookie: finops,
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
      },
      body: `csrf=${token}&team=search&amount=10`,
    });
    expect(crossSite.status).toBe(403);
    expect(await api.app.get(BudgetRepository).list('search')).toEqual([]);
  });

  it("shows a team key its own team's budgets, read-only", async () => {
    const repository = api.app.get(BudgetRepository);
    await repository.upsert({ team: 'search', project: null, unit: 'tokens', amount: '5000000', hardLimit: false });
    await repository.upsert({ team: 'ads', project: 'bids', unit: 'usd', amount: '10', hardLimit: true });
    const team = await signIn(keys.team);
    const own = await page(team);
    expect(own.status).toBe(200);
    expect(own.html).toContain('team search');
    expect(own.html).toContain('5.00M tokens');
    expect(own.html).not.toContain('bids');
    expect(own.html).not.toContain('<form class="inline"');
    expect(own.html).not.toContain('Set a budget');
    expect((await page(team, '?team=ads')).status).toBe(403);
    expect((await post(team, '/budgets', { team: 'search', amount: '1' })).status).toBe(403);
    // finops sees both teams.
    const all = await page(await signIn(keys.finops));
    expect(all.html).toContain('bids');
    expect(all.html).toContain('whole organization');
  });
});
