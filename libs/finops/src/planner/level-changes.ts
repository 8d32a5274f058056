// Where a volume history changed level for good, and where it only went away for a while. A team that
// moves a workload onto its own GPUs, or switches one off, steps by 10× or 100× in a day. A smoothing
// model fitted through such a step takes it for noise: in the demo, a 33× step made the team's 90 %
// interval for next month run from 0.09× to 43× its forecast. So a forecast starts at the last step
// (volume-forecast.ts). A holiday or an outage of a week or two is a step that comes back to the level
// it left: an excursion, not a new level. Its days are moved to the level around them and kept aside
// like unusual days (unusual-days.ts), so the history before it still counts.
//
// A step is a change in the median log volume between the week before a day and the week from it (the
// days left, at least MIN_DAYS_AFTER_STEP, at the end of the history) of at least 2×, and of at least
// STEP_SPREADS times what the history's own day-to-day scatter moves such a median. A burst of up to
// three days does not move a week's median; a steady growth of 25 % a month moves it by about 5 %.
import { median, ROBUST_SD_PER_MAD } from '../statistics';
import { weekdayProfile } from './weekday-profile';

/** A period away from the level around it: days [from, to) of the history. */
export interface Excursion {
  from: number;
  to: number;
  /** What moves the period's days back to the level around it. */
  factor: number;
}

export interface LevelChanges {
  /** Index of the first day of the level the history ends at, or null when it never stepped. */
  lastStep: number | null;
  /** That step as a factor (after ÷ before); 1 without one. */
  stepFactor: number;
  /** Excursions, oldest first. */
  excursions: Excursion[];
}

/** The smallest step, as a factor either way. */
export const MIN_STEP_FACTOR = 2;
/** A step is at least this many standard errors of a week's median (from the day-to-day scatter). */
export const STEP_SPREADS = 5;
/** Days at a new level before it is taken for one; fewer are unusual days. */
export const MIN_DAYS_AFTER_STEP = 4;
/** Longest period that may come back to the level it left and count as an excursion. */
export const MAX_EXCURSION_DAYS = 28;
const WEEK = 7;

export function levelChanges(history: readonly number[]): LevelChanges {
  const n = history.length;
  const none: LevelChanges = { lastStep: null, stepFactor: 1, excursions: [] };
  if (n < 2 * WEEK) return none;
  // Log volume (a day without any counts as one token) less its weekday's typical offset, so that a
  // week's median is not moved by how many weekend days it holds.
  const logVolume = history.map((v) => Math.log(Math.max(v, 1)));
  const y = weekdayProfile(logVolume).remove(logVolume);
  // The medians of the week before and of the week from each day (fewer days at either end).
  const medianOf = (from: number, to: number) => {
    const days = y.slice(Math.max(0, from), Math.min(n, to));
    return days.length ? median(days) : Number.NaN;
  };
  const beforeMedians = Array.from({ length: n + 1 }, (_, k) => medianOf(k - WEEK, k));
  const afterMedians = Array.from({ length: n + 1 }, (_, k) => medianOf(k, k + WEEK));
  const before = (k: number) => beforeMedians[k];
  const after = (k: number) => afterMedians[k];
  const threshold = Math.max(Math.log(MIN_STEP_FACTOR), STEP_SPREADS * dailyScatter(y) * Math.sqrt(2 / WEEK));

  // A day may start a step when the week from it sits at least the threshold from the week before it,
  // and more than three in four of the days `span` either side (as many as there are) are over halfway
  // from the other side's median: a week's median alone is moved by two bursts among the last four
  // days, or by four among seven.
  const startsStep = (k: number, sign: number, span = WEEK) => {
    const [from, to] = [before(k), after(k)];
    if (Math.sign(to - from) !== sign || Math.abs(to - from) < threshold) return false;
    const settled = (days: number[], level: number, direction: number) =>
      days.filter((v) => direction * (v - level) > threshold / 2).length > 0.75 * days.length;
    return settled(y.slice(k, k + span), from, sign) && settled(y.slice(Math.max(0, k - span), k), to, -sign);
  };
  const steps: { at: number; size: number }[] = [];
  const last = n - MIN_DAYS_AFTER_STEP;
  for (let k = WEEK; k <= last; ) {
    const sign = Math.sign(after(k) - before(k));
    if (!startsStep(k, sign)) {
      k++;
      continue;
    }
    let sharpest = k;
    let sharpness = -1;
    for (; k <= last && startsStep(k, sign); k++) {
      const difference = Math.abs(mean(y.slice(k, k + WEEK)) - mean(y.slice(Math.max(0, k - WEEK), k)));
      if (difference > sharpness) [sharpest, sharpness] = [k, difference];
    }
    steps.push({ at: sharpest, size: after(sharpest) - before(sharpest) });
  }

  // A step back to the level of the one before, within MAX_EXCURSION_DAYS, closes an excursion. A step
  // that stays must hold for two weeks either side (as many days as there are): a week with six
  // bursts in it is not a new level.
  const kept: { at: number; size: number }[] = [];
  const excursions: Excursion[] = [];
  for (const step of steps) {
    const open = kept[kept.length - 1];
    const returns =
      open !== undefined &&
      Math.sign(open.size) !== Math.sign(step.size) &&
      step.at - open.at <= MAX_EXCURSION_DAYS &&
      Math.abs(after(step.at) - before(open.at)) < threshold;
    if (!returns) {
      kept.push(step);
      continue;
    }
    kept.pop();
    const around = (before(open.at) + after(step.at)) / 2;
    excursions.push({ from: open.at, to: step.at, factor: Math.exp(around - median(y.slice(open.at, step.at))) });
  }
  excursions.sort((a, b) => a.from - b.from);
  const lastStep = kept.filter((step) => startsStep(step.at, Math.sign(step.size), 2 * WEEK)).pop();
  return lastStep
    ? { lastStep: lastStep.at, stepFactor: Math.exp(lastStep.size), excursions }
    : { ...none, excursions };
}

/** A robust standard deviation of one day's log volume: from the changes over a week, which hold two days' scatter. */
function dailyScatter(y: readonly number[]): number {
  const changes = y.slice(WEEK).map((v, i) => v - y[i]);
  const centre = median(changes);
  return (ROBUST_SD_PER_MAD * median(changes.map((c) => Math.abs(c - centre)))) / Math.SQRT2;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}
