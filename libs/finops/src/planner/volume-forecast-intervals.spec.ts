// How forecastVolume builds later months' intervals from month 1's, on stub engines whose forecasts
// are known exactly (the real engines are exercised in libs/planner's volume-forecast.spec.ts).
import { describe, expect, it } from 'vitest';
import type { ForecastEngines, ModelForecast, SeasonalModel } from './seasonal-model';
import { forecastVolume } from './volume-forecast';

/** Engines whose model forecasts `predict(history, horizon)`, whatever the method. */
function stubEngines(predict: (history: number[], horizon: number) => ModelForecast): ForecastEngines {
  const model = (): SeasonalModel => {
    let fitted: number[] = [];
    return { fit: (history) => void (fitted = history), predict: (horizon) => predict(fitted, horizon) };
  };
  return { mstlEts: model, autoEts: model };
}

const DAYS = 30;

describe('forecastVolume: later months', () => {
  it('reaches out to the trend going on, and says how far', () => {
    // A model that goes on at its history's last week's slope (in log scale), ±0.05.
    const engines = stubEngines((y, horizon) => {
      const slope = (y[y.length - 1] - y[y.length - 8]) / 7;
      const point = Array.from({ length: horizon }, (_, h) => y[y.length - 1] + slope * (h + 1));
      return { point, intervals: { level: 0.9, lower: point.map((v) => v - 0.05), upper: point.map((v) => v + 0.05) } };
    });
    // 0.8 % a day: about 27 % a month.
    const history = Array.from({ length: DAYS }, (_, d) => 1e6 * Math.exp(0.008 * d));
    const f = forecastVolume(history, engines, { horizonMonths: 12 });
    expect(f.method).toBe('ets');
    const goingOnMonth12 = 1e6 * Math.exp(0.008 * (DAYS - 1 + (11.5 * 365.25) / 12)) * (365.25 / 12);
    expect(f.months[11].tokens).toBeLessThan(goingOnMonth12 / 5);
    expect(f.months[11].upper).toBeGreaterThan(goingOnMonth12);
    expect(f.months[11].lower).toBeLessThan(f.months[11].tokens);
    const note = f.notes.find((n) => n.includes('going on'));
    expect(note).toMatch(/^the growth of 2[6-8] % a month is forecast for 30 days \(as long as it has been seen\)/);
    // Its figures are the months it names: month 12 going on against month 1 going on, compounded over 11
    // months, and month 12 going on against its forecast.
    const number = String.raw`([\d.]+)`;
    const figures = new RegExp(
      String.raw`^the growth of (\d+) % a month .*: month 12 at ${number}M tokens \(from month 1's ${number}M\), ` +
        String.raw`${number}× the forecast's ${number}M$`,
    );
    const [, rate, goingOn12, goingOn1, factor, forecast12] = note!.match(figures)!.map(Number);
    expect(Math.abs(100 * ((goingOn12! / goingOn1!) ** (1 / 11) - 1) - rate!)).toBeLessThan(1);
    expect(Math.abs(goingOn12! / forecast12! - factor!)).toBeLessThan(0.1);
    expect(forecast12! * 1e6).toBeCloseTo(f.months[11].tokens, -5);
  });

  it('measures the interval on the first month with volume when month 1 is forecast at zero', () => {
    // Fitted in tokens (a history with days at zero): a model whose month 1 is negative, then 1M a day.
    const engines = stubEngines((_, horizon) => {
      const point = Array.from({ length: horizon }, (_, h) => (h < 31 ? -1e6 : 1e6));
      return { point, intervals: { level: 0.9, lower: point.map((v) => v - 2e5), upper: point.map((v) => v + 2e5) } };
    });
    const history = Array.from({ length: DAYS }, (_, d) => (d % 7 >= 5 ? 0 : 1e6));
    const f = forecastVolume(history, engines, { horizonMonths: 12 });
    expect(f.months[0]).toMatchObject({ tokens: 0, lower: 0, upper: 0 });
    for (const m of f.months.slice(2)) {
      expect(m.lower).toBeGreaterThan(0);
      expect(m.lower).toBeLessThan(m.tokens);
      expect(m.upper).toBeGreaterThan(m.tokens);
    }
    expect(Math.log(f.months[11].upper / f.months[11].tokens)).toBeGreaterThan(
      Math.log(f.months[2].upper / f.months[2].tokens) * 1.5,
    );
  });

  it("reaches from month 2 on as far as the organization's growth takes a young history's month 1", () => {
    // A model that holds the last day's level (log scale), ±0.05: no trend of its own.
    const engines = stubEngines((y, horizon) => {
      const point = Array.from({ length: horizon }, () => y[y.length - 1]);
      return { point, intervals: { level: 0.9, lower: point.map((v) => v - 0.05), upper: point.map((v) => v + 0.05) } };
    });
    const history = Array.from({ length: DAYS }, () => 1e6);
    const range = { down: Math.log(0.9), up: Math.log(1.3), scopes: 12 };
    const [flat, ranged] = [{ down: 0, up: 0, scopes: 12 }, range].map((growthRange) =>
      forecastVolume(history, engines, { horizonMonths: 12, growthRange }),
    );
    const above = (m: { tokens: number; upper: number }) => Math.log(m.upper / m.tokens);
    const below = (m: { tokens: number; lower: number }) => Math.log(m.tokens / m.lower);
    expect(ranged.months[0]).toEqual(flat.months[0]);
    // Month 12: 11 months at +30 % above month 1's upper bound, at −10 % below its lower one.
    expect(above(ranged.months[11])).toBeCloseTo(above(ranged.months[0]) + Math.log(1.3) * 11, 6);
    expect(below(ranged.months[11])).toBeCloseTo(below(ranged.months[0]) - Math.log(0.9) * 11, 6);
    expect(above(ranged.months[11])).toBeGreaterThan(above(flat.months[11]) + 2);
    expect(ranged.notes.join(' ')).toContain(
      'from month 2 its interval also admits growth of −10 % to +30 % a month ' +
        "(the range of the organization's 12 established scopes)",
    );
    // Seasonal histories (eight weeks and more) are established: their interval is their own.
    const long = Array.from({ length: 120 }, () => 1e6);
    const [seasonal, seasonalRanged] = [undefined, range].map((growthRange) =>
      forecastVolume(long, engines, { horizonMonths: 12, growthRange }),
    );
    expect(seasonalRanged.months).toEqual(seasonal.months);
  });
});
