import { describe, expect, it } from 'vitest';
import { boundedTrend, MAX_LOG_GROWTH_PER_DAY, regularLogModel } from './regular-log-model';
import type { SeasonalModel } from './seasonal-model';

/** An engine that remembers what it was fitted on and forecasts its last value, ±0.1 (in its own scale). */
function lastValueEngine(): SeasonalModel & { fitted: number[] } {
  const engine = {
    fitted: [] as number[],
    fit(y: number[]) {
      engine.fitted = y;
    },
    predict(horizon: number, level?: number | null) {
      const last = engine.fitted[engine.fitted.length - 1];
      const point = Array.from({ length: horizon }, () => last);
      return {
        point,
        intervals: { level: level ?? 0.9, lower: point.map((v) => v - 0.1), upper: point.map((v) => v + 0.1) },
      };
    },
  };
  return engine;
}

const flat = (days: number) => Array.from({ length: days }, (_, d) => 1000 * (1 + 0.01 * Math.sin(d)));

describe('regularLogModel', () => {
  it('fits the engine to the log of the history and brings its forecast back to tokens', () => {
    const engine = lastValueEngine();
    const model = regularLogModel(engine);
    const history = flat(28);
    model.fit(history);
    expect(engine.fitted).toEqual(history.map(Math.log));
    const forecast = model.predict(3, 0.9);
    expect(forecast.point[0]).toBeCloseTo(history[27], 6);
    expect(forecast.intervals!.lower[0]).toBeCloseTo(history[27] * Math.exp(-0.1), 6);
    expect(forecast.intervals!.upper[0]).toBeCloseTo(history[27] * Math.exp(0.1), 6);
    expect(forecast.unusual).toEqual({ days: 0, excursionDays: 0, excessPerDay: 0, excessVariance: 0 });
  });

  it('fits the regular days and adds the unusual days’ average volume back to every day', () => {
    const engine = lastValueEngine();
    const model = regularLogModel(engine);
    const history = flat(28);
    history[27] = 5000; // a burst on the last day
    model.fit(history);
    const forecast = model.predict(2);
    const excessPerDay = (5000 - Math.exp(engine.fitted[27])) / 28;
    expect(Math.exp(engine.fitted[27])).toBeLessThan(1100);
    expect(forecast.point[0]).toBeCloseTo(Math.exp(engine.fitted[27]) + excessPerDay, 6);
    expect(forecast.unusual?.days).toBe(1);
  });

  it('fits in tokens when a regular day has no volume (no log of zero)', () => {
    const engine = lastValueEngine();
    const model = regularLogModel(engine);
    const history = Array.from({ length: 28 }, (_, d) => (d % 2 === 0 ? 0 : 1000));
    model.fit(history);
    expect(engine.fitted).toEqual(history);
    expect(model.predict(1).point[0]).toBe(1000);
  });
});

describe('boundedTrend', () => {
  const line = (days: number, slope: number) => Array.from({ length: days }, (_, h) => 10 + slope * h);

  it('keeps a gentle trend for as many days as the history, then holds the level', () => {
    const point = line(60, 0.01);
    const bounded = boundedTrend({ point }, 30);
    expect(bounded.point.slice(0, 30)).toEqual(point.slice(0, 30));
    // From day 30 on, each day repeats its weekday of the last week inside the trend.
    for (let h = 30; h < 60; h++) expect(bounded.point[h]).toBeCloseTo(bounded.point[h - 7], 12);
    expect(bounded.point[59]).toBeCloseTo(10 + 0.01 * 29, 1);
  });

  it('keeps where the trend would have gone on beside the point that holds it', () => {
    const point = line(60, 0.01);
    const bounded = boundedTrend({ point }, 30);
    expect(bounded.trendGoingOn).toEqual(point);
    expect(bounded.point[59]).toBeLessThan(point[59] - 0.2);
    // Capped alike: a trend steeper than doubling a month goes on at doubling a month.
    const steep = boundedTrend({ point: line(60, 0.5) }, 30);
    expect(steep.trendGoingOn![59] - steep.trendGoingOn![52]).toBeCloseTo(7 * MAX_LOG_GROWTH_PER_DAY, 12);
  });

  it('caps growth at doubling a month and moves the bounds with the point', () => {
    const point = line(40, 0.5);
    const forecast = {
      point,
      intervals: { level: 0.9, lower: point.map((v) => v - 1), upper: point.map((v) => v + 1) },
    };
    const bounded = boundedTrend(forecast, 365);
    expect(bounded.point[14] - bounded.point[7]).toBeCloseTo(7 * MAX_LOG_GROWTH_PER_DAY, 12);
    expect(bounded.intervals!.upper[30] - bounded.point[30]).toBeCloseTo(1, 12);
    expect(bounded.point[0]).toBe(point[0]);
  });
});
