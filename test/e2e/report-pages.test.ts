// The report pages in a real headless Chromium: sign in through the form with a finops key and a
// team key, open the dashboard and the weekly report, check every chart rendered with data and its
// caption numbers, that a team sees only its team, no console errors, and a phone-width layout.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { isoWeekOf, parseIsoWeek, shiftIsoWeek } from '@tokenmeter/contracts';
import { CHART_PALETTE } from '@tokenmeter/reports';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyRepository } from '../../libs/db/src';
import { startApiInProcess } from '../support/api-harness';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';
import { SEED_TEAMS, seedUsageDay, seedWeeklyReportData } from '../support/weekly-report-seed';

const ARTIFACTS = path.resolve(__dirname, '../artifacts');
const CHROMIUM = '/usr/bin/chromium';

describe('report pages in a browser', () => {
  let suite: UsageSuite;
  let api: Awaited<ReturnType<typeof startApiInProcess>>;
  let browser: Browser;
  const keys = { finops: '', team: '' };
  const week = shiftIsoWeek(isoWeekOf(new Date()), -1);

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    suite = await createUsageSuite();
    await seedWeeklyReportData(suite.sql, week);
    // This week, every day of it closed (whatever weekday the test runs on), for the dashboard.
    for (const day of parseIsoWeek(isoWeekOf(new Date()))!.days) await seedUsageDay(suite.sql, day, 1.2);
    api = await startApiInProcess({ ...suite.env, QUEUE_PREFIX: `e2e-report-${process.pid}` });
    const repository = api.app.get(ApiKeyRepository);
    keys.finops = (await repository.create({ role: 'finops', team: null, name: 'e2e finops' })).key;
    keys.team = (await repository.create({ role: 'team', team: 'ads', name: 'e2e ads' })).key;
    const generated = await fetch(`${api.baseUrl}/v1/reports/weekly`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.finops}`, 'content-type': 'application/json' },
      body: JSON.stringify({ week }),
    });
    expect(generated.status).toBe(201);
    expect(((await generated.json()) as { versions: unknown[] }).versions).toEqual([null, 'ads', 'search']);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await api?.app.close();
    await suite?.close();
  });

  /** A browser context signed in through the form, collecting console errors and page errors. */
  async function signIn(
    key: string,
    viewport = { width: 1280, height: 900 },
  ): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${api.baseUrl}/dashboard`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('input[name="key"]', key);
    await Promise.all([page.waitForURL(`${api.baseUrl}/dashboard`), page.click('button[type="submit"]')]);
    const cookie = (await context.cookies()).find((c) => c.name === 'tm_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(cookie.value).not.toContain(key.slice(10));
    return { context, page, errors };
  }

  /**
   * Every figure: its SVG's data shapes (paths/rects in a series colour — axes and grid are grey —
   * with a drawn area: a zero bar has none, and a legend alone draws at most 3) and a caption with
   * at least one number.
   */
  async function charts(page: Page): Promise<{ id: string; shapes: number; caption: string; label: string }[]> {
    return page.$$eval(
      'figure.chart',
      (figures, palette) =>
        figures.map((figure) => {
          const svg = figure.querySelector('svg');
          const drawn = (el: { getAttribute(name: string): string | null }) => {
            if (!palette.includes(el.getAttribute('fill') ?? '') && !palette.includes(el.getAttribute('stroke') ?? ''))
              return false;
            const box = (el as unknown as { getBBox(): { width: number; height: number } }).getBBox();
            return box.width > 0 && box.height > 0;
          };
          return {
            id: figure.id,
            shapes: svg ? [...svg.querySelectorAll('path, rect')].filter(drawn).length : 0,
            caption: figure.querySelector('figcaption')?.textContent ?? '',
            label: svg?.getAttribute('role') === 'img' ? (svg.querySelector('title')?.textContent ?? '') : '',
          };
        }),
      [...CHART_PALETTE],
    );
  }

  function expectChartsRendered(found: Awaited<ReturnType<typeof charts>>, ids: string[]): void {
    expect(found.map((c) => c.id)).toEqual(expect.arrayContaining(ids));
    for (const chart of found) {
      expect(chart.shapes, `${chart.id}: SVG with data`).toBeGreaterThan(3);
      expect(chart.caption, `${chart.id}: caption with numbers`).toMatch(/\d/);
      expect(chart.label, `${chart.id}: accessible name`).not.toBe('');
    }
  }

  it('shows a finops key the whole organization: dashboard and weekly report with every chart', async () => {
    const { context, page, errors } = await signIn(keys.finops);
    expectChartsRendered(await charts(page), ['trend', 'tokens']);
    expect(await page.textContent('h1')).toContain('Organization');
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-finops.png'), fullPage: true });

    await page.click(`a[href="/reports/weekly/${week}"]`);
    await page.waitForURL(`${api.baseUrl}/reports/weekly/${week}`);
    const found = await charts(page);
    expectChartsRendered(found, [
      'spend-by-provider',
      'spend-by-team',
      'tokens',
      'breakeven-search-api-openai-gpt-4o',
      'utilization-llama-a',
      'forecast',
    ]);
    const text = (await page.textContent('main'))!;
    // Names are escaped, not interpreted: the team name and the rationale read literally.
    expect(text).toContain(SEED_TEAMS.search);
    expect(text).toContain('<b>not bold</b>');
    expect(await page.$('main b:text("not bold")')).toBeNull();
    expect(text).toContain(SEED_TEAMS.ads);
    // Break-even chart: marked crossing and its numbers in the caption; spend caption with WoW change.
    const breakEven = found.find((c) => c.id.startsWith('breakeven-'))!;
    expect(breakEven.caption).toMatch(/cross at month \d+(\.\d)? at \$[\d,]+\.\d\d/);
    expect(found.find((c) => c.id === 'spend-by-provider')!.caption).toMatch(
      /openai: \$[\d,.]+ \(previous week \$[\d,.]+, [+-]\d+\.\d%\)/,
    );
    expect(found.find((c) => c.id === 'forecast')!.caption).toContain('90% interval');
    expect(text).toContain('llama-a idle 70% of paid capacity');
    expect(text).not.toContain('STAY_ON_API');
    await page.screenshot({ path: path.join(ARTIFACTS, 'weekly-report-finops.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a team key only its own team, and refuses another team’s report', async () => {
    const { context, page, errors } = await signIn(keys.team);
    expect(await page.textContent('h1')).toContain(SEED_TEAMS.ads);
    await page.goto(`${api.baseUrl}/reports/weekly/${week}`);
    expectChartsRendered(await charts(page), ['spend-by-provider', 'spend-by-team', 'tokens', 'forecast']);
    const text = (await page.textContent('main'))!;
    expect(text).toContain(SEED_TEAMS.ads);
    for (const foreign of [SEED_TEAMS.search, 'search', 'llama-a', 'gpt-4o', 'openai'])
      expect(text).not.toContain(foreign);
    expect(await page.$$eval('section.rec', (recs) => recs.map((r) => r.getAttribute('data-team')))).toEqual(['ads']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'weekly-report-team.png'), fullPage: true });
    const other = await page.request.get(`${api.baseUrl}/reports/weekly/${week}?team=search`);
    expect(other.status()).toBe(403);
    const json = await page.request.get(`${api.baseUrl}/v1/reports/weekly/${week}?team=search`, {
      headers: { authorization: `Bearer ${keys.team}` },
    });
    expect(json.status()).toBe(403);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('fits a phone-width screen without horizontal scrolling', async () => {
    const { context, page, errors } = await signIn(keys.finops, { width: 390, height: 844 });
    for (const target of ['/dashboard', `/reports/weekly/${week}`, '/alerts']) {
      await page.goto(`${api.baseUrl}${target}`);
      const overflow = (await page.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      )) as number;
      expect(overflow, `${target}: horizontal overflow in px`).toBeLessThanOrEqual(0);
      if (target !== '/alerts') expectChartsRendered(await charts(page), ['tokens']);
      // No table cell breaks a word of a header in two ("Nigh/t"): each header is at least a word wide.
      const broken = (await page.evaluate(`[...document.querySelectorAll('th')]
        .filter((th) => th.textContent.trim() && !th.textContent.includes(' ') && th.getClientRects().length > 0)
        .filter((th) => {
          const r = document.createRange();
          r.selectNodeContents(th);
          return r.getClientRects().length > 1;
        })
        .map((th) => th.textContent)`)) as string[];
      expect(broken, `${target}: headers broken across lines`).toEqual([]);
    }
    // Every page is reachable from the others: the alerts page from the navigation.
    await page.goto(`${api.baseUrl}/dashboard`);
    await page.click('nav >> text=Alerts');
    expect(new URL(page.url()).pathname).toBe('/alerts');
    await page.goto(`${api.baseUrl}/reports/weekly/${week}`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'weekly-report-phone.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
});
