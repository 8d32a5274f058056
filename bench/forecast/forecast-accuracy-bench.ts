// npm run bench:forecast — how well the volume forecast (forecastVolume on the real @bsull/augurs
// engines) predicts months it has not seen. Daily volume is drawn the way the demo's workload draws
// it (libs/workload DEMO_TEAMS: compound growth, weekends, bursts, ±10 % noise), plus shapes the
// demo's teams lack (growth by a fixed amount a day, a decline, a 30× step three weeks before the
// forecast, as when a team moves onto its own GPUs, and a ten-day holiday at a third of the volume that
// ended three weeks before it); each series is forecast from its first 10 days (a flat mean), 30 (a
// non-seasonal model), 90 (too few for month-ahead backtests: the interval is the daily bounds') and 200
// (the interval from the backtests), the step and holiday shapes from 90 and 200 only, and compared with
// the months that follow. Prints one JSON line: per shape and history, the mean |log(forecast ÷ actual)|
// of months 1, 3 and 12 (0.1 ≈ 10 % off), the mean signed one (below 0: too low), how often each of those
// months' 90 % interval held it, and the median width (upper ÷ lower) of months 1 and 12's. And how well
// steps in level are told from bursts (level-changes.ts), per demo team shape over 100 seeded series:
// steps found in a year without one, a 2×, 3×, 30× step up and a step down to 0.3× found on their day
// (±1), and a ten-day holiday taken for an excursion. The series from 200 days stand for the
// organization's established scopes: their growth range (growth-range.ts, printed) is what forecasts from
// under eight weeks admit, as the nightly step passes last night's forecasts. The range is read from the
// same series that are scored, as an organization's is from its own scopes.
import { createSeededRandom, DEMO_TEAMS } from '@tokenmeter/workload';
import { forecastVolume, type GrowthRange, growthRangeOf } from '../../libs/finops/src';
import { levelChanges } from '../../libs/finops/src/planner/level-changes';
import { augursEngines } from '../../libs/planner/src/augurs-engines';

const SEEDS = Number(process.env.BENCH_SEEDS ?? 10);
const HISTORIES = [10, 30, 90, 200];
const ESTABLISHED_HISTORY = 200;
const MONTHS = [1, 3, 12] as const;
const DAYS_PER_MONTH = 365.25 / 12;

interface Shape {
  name: string;
  /** Level on day d, 1 on day 0, for a forecast made after `history` days. */
  level(day: number, history: number): number;
  burstChance: number;
  burstFactor: number;
  weekendFactor: number;
  /** Fewest days of history it is forecast from (a step three weeks back needs more than three weeks). */
  minHistory?: number;
}

const shapes: Shape[] = [
  ...DEMO_TEAMS.map((team) => ({
    name: team.team,
    level: (day: number) => (1 + team.monthlyGrowth) ** (day / 30),
    burstChance: team.burstChance,
    burstFactor: team.burstFactor,
    weekendFactor: team.weekendFactor,
  })),
  {
    name: 'linear-growth',
    level: (day) => 1 + (0.25 * day) / 30,
    burstChance: 0.03,
    burstFactor: 2,
    weekendFactor: 0.5,
  },
  { name: 'decline', level: (day) => 0.9 ** (day / 30), burstChance: 0.03, burstFactor: 2, weekendFactor: 0.5 },
  {
    name: 'step',
    level: (day, history) => (day < history - 21 ? 1 : 30),
    burstChance: 0.03,
    burstFactor: 2,
    weekendFactor: 0.5,
    minHistory: 90,
  },
  {
    name: 'holiday',
    level: (day, history) => (day >= history - 31 && day < history - 21 ? 0.3 : 1.01 ** (day / 30)),
    burstChance: 0.03,
    burstFactor: 2,
    weekendFactor: 0.5,
    minHistory: 90,
  },
];

function dailyVolume(shape: Shape, history: number, seed: number): number[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: history + 370 }, (_, day) => {
    const weekend = day % 7 >= 5 ? shape.weekendFactor : 1;
    const burst = random.next() < shape.burstChance ? shape.burstFactor : 1;
    return 1e6 * shape.level(day, history) * weekend * burst * (0.9 + 0.2 * random.next());
  });
}

/** Tokens of month m (1-based) after the first `from` days, on forecastVolume's month boundaries. */
function actualMonth(series: number[], from: number, month: number): number {
  const start = from + Math.floor((month - 1) * DAYS_PER_MONTH);
  const end = from + Math.floor(month * DAYS_PER_MONTH);
  return series.slice(start, end).reduce((sum, v) => sum + v, 0);
}

const round = (value: number) => Number(value.toFixed(3));
const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];

const DETECTION_SERIES = 100;

/** Level changes told apart on `series` seeded series of a demo team's shape (see the header). */
function stepDetection(shape: Shape): Record<string, number> {
  const series = (days: number, seed: number, level: (day: number) => number) => {
    const changed = { ...shape, level: (day: number) => shape.level(day, days) * level(day) };
    return dailyVolume(changed, days, seed).slice(0, days);
  };
  const count = (test: (seed: number) => boolean) =>
    Array.from({ length: DETECTION_SERIES }, (_, i) => i + 1).filter(test).length;
  const found: Record<string, number> = {
    stepsWhereNone: count((seed) => levelChanges(series(365, seed, () => 1)).lastStep !== null),
  };
  for (const factor of [2, 3, 30, 0.3]) {
    found[`step${factor}x`] = count((seed) => {
      const step = levelChanges(series(120, seed, (day) => (day < 100 ? 1 : factor))).lastStep;
      return step !== null && Math.abs(step - 100) <= 1;
    });
  }
  found.holidays = count((seed) => {
    const changes = levelChanges(series(120, seed, (day) => (day >= 80 && day < 90 ? 0.3 : 1)));
    return changes.lastStep === null && changes.excursions.length === 1;
  });
  return found;
}

function main() {
  const engines = augursEngines();
  const started = performance.now();
  const seeds = Array.from({ length: SEEDS }, (_, i) => i + 1);
  const seriesOf = (shape: Shape, history: number, seed: number) =>
    dailyVolume(shape, history, seed * 7_919 + shape.name.length);
  const forecastOf = (series: number[], history: number, growthRange?: GrowthRange) =>
    forecastVolume(series.slice(0, history), engines, { horizonMonths: 12, growthRange });
  const growthRange = growthRangeOf(
    shapes.flatMap((shape) =>
      seeds.map((seed) => forecastOf(seriesOf(shape, ESTABLISHED_HISTORY, seed), ESTABLISHED_HISTORY)),
    ),
    0.9,
  );
  const results: Record<string, Record<string, unknown>> = {};
  const absoluteErrors: number[] = [];
  for (const shape of shapes) {
    for (const history of HISTORIES.filter((days) => days >= (shape.minHistory ?? 0))) {
      const errors = new Map<number, number[]>(MONTHS.map((m) => [m, []]));
      const covered = new Map<number, number>(MONTHS.map((m) => [m, 0]));
      const widths = new Map<number, number[]>(MONTHS.map((m) => [m, []]));
      for (const seed of seeds) {
        const series = seriesOf(shape, history, seed);
        // Scored with the range, as the nightly step forecasts every scope with it (only forecasts from under
        // eight weeks of history use it, such as a 200-day series forecast from the days since its step).
        const forecast = forecastOf(series, history, growthRange);
        for (const m of MONTHS) {
          const { tokens, lower, upper } = forecast.months[m - 1];
          const actual = actualMonth(series, history, m);
          // A month forecast at zero counts as one token, so its error stays a (very large) number.
          errors.get(m)!.push(Math.log(Math.max(1, tokens) / actual));
          if (actual >= lower && actual <= upper) covered.set(m, covered.get(m)! + 1);
          widths.get(m)!.push(upper / lower);
        }
      }
      const entry: Record<string, unknown> = {};
      for (const m of MONTHS) {
        const e = errors.get(m)!;
        const absolute = mean(e.map(Math.abs));
        absoluteErrors.push(absolute);
        entry[`month${m}AbsLogError`] = round(absolute);
        entry[`month${m}Bias`] = round(mean(e));
      }
      for (const m of MONTHS) entry[`month${m}Coverage`] = round(covered.get(m)! / SEEDS);
      for (const m of [1, 12]) entry[`month${m}IntervalWidth`] = round(median(widths.get(m)!));
      results[`${shape.name}@${history}d`] = entry;
    }
  }
  process.stdout.write(
    `${JSON.stringify({
      seedsPerShape: SEEDS,
      meanAbsLogError: round(mean(absoluteErrors)),
      coverageTarget: 0.9,
      growthRange: { down: round(growthRange.down), up: round(growthRange.up), scopes: growthRange.scopes },
      seconds: round((performance.now() - started) / 1000),
      shapes: results,
      stepDetection: {
        series: DETECTION_SERIES,
        ...Object.fromEntries(shapes.slice(0, DEMO_TEAMS.length).map((shape) => [shape.name, stepDetection(shape)])),
      },
    })}\n`,
  );
}

main();
