import { createSeededRandom } from '@tokenmeter/workload';
import { describe, expect, it } from 'vitest';
import { levelChanges } from './level-changes';

/** Weekdays at the level, weekends at half of it, ±10 % of noise (seeded), the level given per day. */
function volume(days: number, level: (day: number) => number, seed = 7): number[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: days }, (_, day) => level(day) * (day % 7 >= 5 ? 0.5 : 1) * (0.9 + 0.2 * random.next()));
}

describe('levelChanges', () => {
  it('finds the day a team moved a workload on (35×), however many days ago from four on', () => {
    for (const since of [4, 6, 10, 30]) {
      const history = volume(90, (day) => (day < 90 - since ? 3.5e6 : 122e6));
      const changes = levelChanges(history);
      expect(changes.lastStep).toBe(90 - since);
      expect(changes.stepFactor).toBeGreaterThan(25);
      expect(changes.stepFactor).toBeLessThan(45);
      expect(changes.excursions).toEqual([]);
    }
  });

  it('finds a step down, and a workload switched off (to nothing)', () => {
    expect(levelChanges(volume(60, (day) => (day < 45 ? 1e6 : 1e5))).lastStep).toBe(45);
    const off = levelChanges(volume(60, (day) => (day < 50 ? 1e6 : 0)));
    expect(off.lastStep).toBe(50);
    expect(off.stepFactor).toBeLessThan(1e-5);
  });

  it('takes three days at a new level for bursts, not a step (unusual days judge them)', () => {
    expect(levelChanges(volume(90, (day) => (day < 87 ? 1e6 : 30e6))).lastStep).toBeNull();
  });

  it('does not take two burst days among the last four for a step, nor a burst in the middle', () => {
    const history = volume(90, () => 1e6);
    history[40] *= 6;
    history[41] *= 6;
    history[88] *= 6;
    history[89] *= 6;
    expect(levelChanges(history)).toEqual({ lastStep: null, stepFactor: 1, excursions: [] });
  });

  it('does not take steady growth (25 % a month), a decline or a weekly pattern for steps', () => {
    for (const level of [(day: number) => 1e6 * 1.25 ** (day / 30), (day: number) => 1e6 * 0.9 ** (day / 30)]) {
      expect(levelChanges(volume(365, level))).toEqual({ lastStep: null, stepFactor: 1, excursions: [] });
    }
    const workdaysOnly = Array.from({ length: 120 }, (_, day) => (day % 7 >= 5 ? 1e3 : 1e6));
    expect(levelChanges(workdaysOnly)).toEqual({ lastStep: null, stepFactor: 1, excursions: [] });
  });

  it('needs a larger step in a noisy history: three times the volume is not one where days vary threefold', () => {
    const random = createSeededRandom(3);
    const noisy = Array.from({ length: 120 }, (_, day) => (day < 100 ? 1e6 : 3e6) * 3 ** (2 * random.next() - 1));
    expect(levelChanges(noisy).lastStep).toBeNull();
    const quiet = volume(120, (day) => (day < 100 ? 1e6 : 3e6));
    expect(levelChanges(quiet).lastStep).toBe(100);
  });

  it('takes ten days at a third of the level that came back for an excursion, not two steps', () => {
    const history = volume(120, (day) => (day >= 80 && day < 90 ? 0.3e6 : 1e6));
    const changes = levelChanges(history);
    expect(changes.lastStep).toBeNull();
    expect(changes.excursions).toHaveLength(1);
    const [excursion] = changes.excursions;
    expect(excursion).toMatchObject({ from: 80, to: 90 });
    expect(excursion!.factor).toBeGreaterThan(2.8);
    expect(excursion!.factor).toBeLessThan(3.9);
  });

  it('keeps a step that does not come back, or comes back after more than four weeks', () => {
    const higher = levelChanges(volume(120, (day) => (day < 80 ? 1e6 : day < 90 ? 0.3e6 : 5e6)));
    expect(higher.lastStep).toBe(90);
    expect(higher.excursions).toEqual([]);
    const long = levelChanges(volume(150, (day) => (day >= 80 && day < 115 ? 0.3e6 : 1e6)));
    expect(long.lastStep).toBe(115);
  });

  it('says nothing of a history shorter than two weeks', () => {
    expect(levelChanges([1, 1, 1, 1, 1, 1, 1, 50, 50, 50, 50, 50, 50])).toEqual({
      lastStep: null,
      stepFactor: 1,
      excursions: [],
    });
  });
});
