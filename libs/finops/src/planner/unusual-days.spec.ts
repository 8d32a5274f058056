import { describe, expect, it } from 'vitest';
import { separateUnusualDays } from './unusual-days';

// Weekdays at 1.16, weekends at 0.6 of the level, with ±5 % of steady noise.
const weekly = (days: number, level: (d: number) => number) =>
  Array.from({ length: days }, (_, d) => level(d) * (d % 7 >= 5 ? 0.6 : 1.16) * (1 + 0.05 * Math.sin(d * 2.3)));

describe('separateUnusualDays', () => {
  it('leaves a history with a weekly pattern and ordinary noise alone (weekends are not unusual)', () => {
    const history = weekly(90, (d) => 1e6 * 1.01 ** d);
    const separated = separateUnusualDays(history);
    expect(separated.unusualDays).toBe(0);
    expect(separated.regular).toEqual(history);
    expect(separated.excessPerDay).toBe(0);
  });

  it('replaces bursts and outages, the last day included, by their expected day, and keeps their volume aside', () => {
    const regular = weekly(90, () => 1e6);
    const history = regular.slice();
    history[20] *= 4; // a burst
    history[45] = 0; // an outage
    history[89] *= 3; // a burst on the last day, the one a smoothing model follows most
    const separated = separateUnusualDays(history);
    expect(separated.unusualDays).toBe(3);
    for (const day of [20, 45, 89]) {
      expect(separated.regular[day] / regular[day]).toBeGreaterThan(0.9);
      expect(separated.regular[day] / regular[day]).toBeLessThan(1.1);
    }
    const otherDays = [...history.keys()].filter((day) => ![20, 45, 89].includes(day));
    expect(otherDays.every((day) => separated.regular[day] === history[day])).toBe(true);
    const added = history.reduce((s, v) => s + v, 0) - separated.regular.reduce((s, v) => s + v, 0);
    expect(separated.excessPerDay * history.length).toBeCloseTo(added, 0);
    expect(separated.excessVariance).toBeGreaterThan(0);
  });

  it('moves an excursion back to the level around it, and keeps what it lacked out of the excess', () => {
    const usual = weekly(90, () => 1e6);
    const history = usual.map((v, d) => (d >= 60 && d < 70 ? v * 0.3 : v));
    history[30] *= 4; // and a burst
    const separated = separateUnusualDays(history, [{ from: 60, to: 70, factor: 1 / 0.3 }]);
    expect(separated.excursionDays).toBe(10);
    expect(separated.unusualDays).toBe(1);
    for (let d = 60; d < 70; d++) expect(separated.regular[d]).toBeCloseTo(usual[d], 0);
    // Only the burst's three extra days' worth (as judged against its expected day), spread over the history.
    expect((separated.excessPerDay * history.length) / (usual[30] * 3)).toBeGreaterThan(0.97);
    expect((separated.excessPerDay * history.length) / (usual[30] * 3)).toBeLessThan(1.03);
  });

  it('does not call a few percent unusual in a nearly noiseless history', () => {
    const history = Array.from({ length: 60 }, (_, d) => (1e6 + 20_000 * d) * (d % 7 >= 5 ? 0.6 : 1.16));
    expect(separateUnusualDays(history).unusualDays).toBe(0);
  });

  it('judges nothing in a history shorter than two weeks', () => {
    const history = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 50];
    expect(separateUnusualDays(history)).toMatchObject({ regular: history, unusualDays: 0 });
  });
});
