// The forecast step's own decisions, on stand-ins for the database and the thread pool (the
// per-scope forecast itself is the real one): which growth range a young scope's interval admits.
import type {
  DailyHistoryRow,
  UsageRollupDailyRepository,
  VolumeForecastRepository,
  VolumeForecastRow,
} from '@tokenmeter/db';
import {
  DEFAULT_GROWTH_RANGE,
  daysInMonth,
  type ForecastEngines,
  forecastVolume,
  type VolumeForecastOptions,
} from '@tokenmeter/finops';
import { describe, expect, it } from 'vitest';
import type { ForecastPool } from './forecast-pool';
import { FORECAST_HISTORY_DAYS, ForecastStep } from './forecast-step';

const NIGHT = '2026-03-20';
const YESTERDAY = '2026-03-19';

/** Last night's forecast of an established scope growing `monthly` a month. */
function established(team: string, monthly: number, method = 'mstl-ets'): VolumeForecastRow {
  const months = [1, 2, 3].map((month) => {
    const tokens = 1e6 * daysInMonth(month) * (1 + monthly) ** (month - 1);
    return { month, tokens, lower: tokens * 0.8, upper: tokens * 1.2 };
  });
  return {
    scope: 'team-model',
    team,
    provider: 'openai',
    model: 'gpt-4o',
    method,
    historyDays: method === 'mstl-ets' ? 120 : 20,
    intervalLevel: 0.9,
    mapePct: 5,
    confidence: 'high',
    tokens3m: 0,
    tokens12m: 0,
    tokens36m: 0,
    months,
    notes: [],
    fittedOn: '2026-03-19',
  };
}

/** A team that started sending usage five days ago. */
const young: DailyHistoryRow = {
  team: 'new-team',
  provider: 'openai',
  model: 'gpt-4o-mini',
  tokens: Array.from({ length: FORECAST_HISTORY_DAYS }, (_, d) => (d >= FORECAST_HISTORY_DAYS - 5 ? 1e6 : 0)),
};

/** Tonight's forecast step, with last night's forecasts and any older nights' (by night) in the stand-in store. */
async function runNight(
  previous: VolumeForecastRow[],
  older: Record<string, VolumeForecastRow[]> = {},
  histories: DailyHistoryRow[] = [young],
) {
  const written: VolumeForecastRow[] = [];
  const settings: VolumeForecastOptions[] = [];
  const fitted: number[][] = [];
  const nights: Record<string, VolumeForecastRow[]> = { ...older, [YESTERDAY]: previous };
  const daily = { dailyHistories: async () => histories } as unknown as UsageRollupDailyRepository;
  const forecasts = {
    forNight: async (night: string, scope?: string) =>
      (nights[night] ?? []).filter((row) => scope === undefined || row.scope === scope),
    latestNight: async (before: string) =>
      Object.keys(nights)
        .filter((night) => night < before && nights[night].length > 0)
        .sort()
        .at(-1) ?? null,
    replaceNight: async (_night: string, rows: AsyncIterable<VolumeForecastRow>) => {
      for await (const row of rows) written.push(row);
    },
  } as unknown as VolumeForecastRepository;
  // Five days are a flat mean, which needs no model: engines that are never called.
  const engines = {} as ForecastEngines;
  const pool = {
    forecast: async (histories: number[][], options: VolumeForecastOptions) => {
      settings.push(options);
      fitted.push(...histories);
      return histories.map((history) => forecastVolume(history, engines, options));
    },
  } as unknown as ForecastPool;
  await new ForecastStep(daily, forecasts, pool).run(NIGHT);
  return { written, settings, fitted };
}

describe('ForecastStep', () => {
  it("lets a young scope's interval admit the growth of last night's established team-model forecasts", async () => {
    const previous = [
      ...[0, 0.05, 0.1, 0.15, 0.2, 0.3].map((rate, i) => established(`team-${i}`, rate)),
      // Neither established nor a team-model scope: left out of the range.
      established('young-team', 5, 'ets'),
      { ...established('team-0', 5), scope: 'team' as const, model: '', provider: '' },
    ];
    const { written, settings } = await runNight(previous);
    expect(settings[0].growthRange?.scopes).toBe(6);
    expect(Math.exp(settings[0].growthRange!.up) - 1).toBeGreaterThan(0.25);
    expect(Math.exp(settings[0].growthRange!.up) - 1).toBeLessThan(0.3);
    const forecast = written.find((row) => row.team === 'new-team' && row.scope === 'team-model')!;
    expect(forecast.method).toBe('mean');
    expect(forecast.notes.join(' ')).toContain("range of the organization's 6 established scopes");
  });

  it('reads the range from the newest night forecast when last night has none (a night that failed)', async () => {
    const rates = [0, 0.05, 0.1, 0.15, 0.2, 0.3];
    const { written, settings } = await runNight([], {
      '2026-03-10': rates.map((rate, i) => established(`team-${i}`, rate * 3)),
      '2026-03-17': rates.map((rate, i) => established(`team-${i}`, rate)),
    });
    expect(settings[0].growthRange).toMatchObject({ scopes: 6, night: '2026-03-17' });
    expect(Math.exp(settings[0].growthRange!.up) - 1).toBeLessThan(0.3);
    const forecast = written.find((row) => row.team === 'new-team' && row.scope === 'team-model')!;
    expect(forecast.notes.join(' ')).toContain(
      "range of the organization's 6 established scopes on 2026-03-17, the newest night forecast",
    );
  });

  it('uses the default range, and says why, when the newest night forecast is over a month old', async () => {
    const rates = [0, 0.05, 0.1, 0.15, 0.2, 0.3];
    const { written, settings } = await runNight([], {
      '2026-01-10': rates.map((rate, i) => established(`team-${i}`, rate)),
    });
    expect(settings[0].growthRange).toMatchObject({ ...DEFAULT_GROWTH_RANGE, night: '2026-01-10', stale: true });
    const forecast = written.find((row) => row.team === 'new-team' && row.scope === 'team-model')!;
    expect(forecast.notes.join(' ')).toContain(
      'growth of −10 % to +25 % a month (a default range: the newest night forecast, 2026-01-10, is more than ' +
        '31 days old)',
    );
  });

  it('reads a newest night forecast of exactly 31 days ago, and not one of 32', async () => {
    const rates = [0, 0.05, 0.1, 0.15, 0.2, 0.3];
    // 2026-03-20 is 31 days after 2026-02-17 and 32 after 2026-02-16.
    const edge = await runNight([], { '2026-02-17': rates.map((rate, i) => established(`team-${i}`, rate)) });
    expect(edge.settings[0].growthRange).toMatchObject({ scopes: 6, night: '2026-02-17' });
    expect(edge.settings[0].growthRange?.stale).toBeUndefined();
    const past = await runNight([], { '2026-02-16': rates.map((rate, i) => established(`team-${i}`, rate)) });
    expect(past.settings[0].growthRange).toMatchObject({ ...DEFAULT_GROWTH_RANGE, night: '2026-02-16', stale: true });
  });

  it('uses the default range when no night before was forecast', async () => {
    const { written, settings } = await runNight([]);
    expect(settings[0].growthRange).toEqual(DEFAULT_GROWTH_RANGE);
    const forecast = written.find((row) => row.team === 'new-team' && row.scope === 'team-model')!;
    expect(forecast.notes.join(' ')).toContain('a default range: fewer than 5 team-model scopes');
  });

  it('uses the default range, and says so, before five scopes are established', async () => {
    const { written, settings } = await runNight([established('team-a', 0.1), established('team-b', 0.2)]);
    expect(settings[0].growthRange).toEqual(DEFAULT_GROWTH_RANGE);
    const forecast = written.find((row) => row.team === 'new-team' && row.scope === 'team-model')!;
    expect(forecast.notes.join(' ')).toContain(
      'growth of −10 % to +25 % a month (a default range: fewer than 5 team-model scopes',
    );
  });

  it("writes each team's forecast as the sum of its workloads', fitting none of its own", async () => {
    const twice = { ...young, model: 'o3-mini', tokens: young.tokens.map((t) => 2 * t) };
    const { written, fitted } = await runNight([], {}, [young, twice]);
    expect(fitted).toHaveLength(2);
    const workloads = written.filter((row) => row.scope === 'team-model');
    const [team, ...others] = written.filter((row) => row.scope === 'team');
    expect(others).toEqual([]);
    expect(team).toMatchObject({ team: 'new-team', method: 'sum of workloads', fittedOn: NIGHT });
    expect(team!.months.map((m) => m.tokens)).toEqual(
      workloads[0]!.months.map((m, i) => m.tokens + workloads[1]!.months[i]!.tokens),
    );
    expect(team!.tokens12m).toBeCloseTo(workloads[0]!.tokens12m + workloads[1]!.tokens12m, 6);
  });
});
