import { describe, expect, it } from 'vitest';
import { BACKTEST_MODEL, backtestOriginIndexes, monthAheadBacktests } from './month-ahead-backtest';
import { regularLogModel } from './regular-log-model';
import type { ForecastEngines, SeasonalModel } from './seasonal-model';
import { forecastVolume } from './volume-forecast';

/** A model that forecasts each weekday as its mean over the history, counting its fits. */
function countingEngines(): ForecastEngines & { fits: number } {
  const engines = {
    fits: 0,
    mstlEts: () => model(),
    autoEts: () => model(),
  };
  const model = (): SeasonalModel => {
    let y: number[] = [];
    return {
      fit: (history) => {
        engines.fits++;
        y = history;
      },
      predict: (horizon) => {
        const point = Array.from({ length: horizon }, (_, h) => {
          const same = y.filter((_, d) => d % 7 === (y.length + h) % 7);
          return same.reduce((s, v) => s + v, 0) / same.length;
        });
        return { point, intervals: { level: 0.9, lower: point.map((v) => v * 0.8), upper: point.map((v) => v * 1.2) } };
      },
    };
  };
  return engines;
}

const series = (days: number) =>
  Array.from({ length: days }, (_, d) => 1e6 * (1 + 0.002 * d) * (d % 7 >= 5 ? 0.6 : 1.16) * (1 + 0.1 * Math.sin(d)));
const LAST_DAY = 20_500;

describe('month-ahead backtest origins', () => {
  it('fall on calendar days of the scope’s phase, newest first, each with a month after and four weeks before', () => {
    const calendar = { lastDay: LAST_DAY, phase: 5, stepDays: 14, origins: 8 };
    const indexes = backtestOriginIndexes(200, calendar);
    expect(indexes).toHaveLength(8);
    for (const [k, index] of indexes.entries()) {
      const day = LAST_DAY - (200 - 1 - index);
      expect((day - 5) % 14).toBe(0);
      expect(index + 30).toBeLessThanOrEqual(200);
      if (k > 0) expect(indexes[k - 1] - index).toBe(14);
    }
    // The newest origin is the latest such day with a whole month after it.
    expect(indexes[0] + 30 + 14).toBeGreaterThan(200);
    // A short history has fewer origins: none before the 28th day.
    expect(backtestOriginIndexes(80, calendar).every((i) => i >= 28)).toBe(true);
    expect(backtestOriginIndexes(57, calendar)).toEqual([]);
  });

  it('stay put as nights pass, so a later night shares all but its newest origin with an earlier one', () => {
    const calendar = (lastDay: number) => ({ lastDay, phase: 3, stepDays: 14, origins: 8 });
    const days = (n: number, lastDay: number) =>
      backtestOriginIndexes(n, calendar(lastDay)).map((i) => lastDay - (n - 1 - i));
    const before = days(300, LAST_DAY);
    const after = days(307, LAST_DAY + 7);
    expect(after.filter((d) => !before.includes(d)).length).toBeLessThanOrEqual(1);
  });
});

describe('forecastVolume reusing the backtests of an earlier forecast', () => {
  it('gives the same interval and confidence as backtesting afresh, with one or two model fits', () => {
    const y = series(330);
    for (const gap of [1, 7, 14]) {
      const engines = countingEngines();
      const earlierNight = y.length - 1 - gap;
      const earlier = forecastVolume(y.slice(0, earlierNight + 1), engines, {}, { lastDay: LAST_DAY - gap });
      expect(earlier.modelFits).toBe(9);
      const fresh = forecastVolume(y, countingEngines(), {}, { lastDay: LAST_DAY });
      const reused = forecastVolume(y, engines, {}, { lastDay: LAST_DAY, earlier });
      expect(reused.months).toEqual(fresh.months);
      expect(reused.mapePct).toEqual(fresh.mapePct);
      expect(reused.coverage).toEqual(fresh.coverage);
      expect(reused.backtestPredictions).toEqual(fresh.backtestPredictions);
      expect(reused.modelFits).toBeLessThanOrEqual(gap < 14 ? 2 : 3);
      expect(reused.modelFits).toBeGreaterThanOrEqual(1);
    }
  });

  it('takes the confidence from the newest backtest’s daily predictions and keeps only those days', () => {
    const f = forecastVolume(series(200), countingEngines(), {}, { lastDay: LAST_DAY });
    expect(f.backtests).toBe(8);
    expect(f.backtestPredictions[0].daily).toHaveLength(30);
    expect(f.backtestPredictions.slice(1).every((b) => b.daily === undefined)).toBe(true);
    expect(f.mapePct).not.toBeNull();
    // Without the newest one's daily predictions, that origin is fitted again.
    const engines = countingEngines();
    const stripped = f.backtestPredictions.map(({ model, originDay, tokens }) => ({ model, originDay, tokens }));
    const again = monthAheadBacktests(
      () => regularLogModel(engines.mstlEts([7])),
      series(200),
      { lastDay: LAST_DAY, phase: 0, stepDays: 14, origins: 8 },
      stripped,
    );
    expect(engines.fits).toBe(1);
    expect(again.backtests).toEqual(f.backtestPredictions);
  });

  it('refits every origin when the earlier forecast used another method', () => {
    const earlier = forecastVolume(series(200), countingEngines(), {}, { lastDay: LAST_DAY });
    const f = forecastVolume(
      series(200),
      countingEngines(),
      {},
      {
        lastDay: LAST_DAY,
        earlier: { ...earlier, method: 'ets' },
      },
    );
    expect(f.modelFits).toBe(9);
  });

  it('refits every origin whose stored prediction an earlier model made', () => {
    const earlier = forecastVolume(series(200), countingEngines(), {}, { lastDay: LAST_DAY });
    const before = earlier.backtestPredictions.map(({ model: _model, ...prediction }) => prediction);
    const f = forecastVolume(
      series(200),
      countingEngines(),
      {},
      { lastDay: LAST_DAY, earlier: { method: earlier.method, backtestPredictions: before } },
    );
    expect(f.modelFits).toBe(9);
    expect(f.backtestPredictions.every((b) => b.model === BACKTEST_MODEL)).toBe(true);
  });

  it('backtests a history too short for a month-ahead backtest on its last 28 days', () => {
    const f = forecastVolume(series(60), countingEngines(), {}, { lastDay: LAST_DAY });
    expect(f.method).toBe('mstl-ets');
    expect(f.backtests).toBe(0);
    expect(f.mapePct).not.toBeNull();
    expect(f.modelFits).toBe(2);
  });
});
