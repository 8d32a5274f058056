// Increase of a monotonic counter between two scrapes. A counter lower than before means the
// process restarted and the counter began again from zero, so the increase is the new value (the
// same rule as Prometheus' `increase()`). A restart that already passed the old value between two
// scrapes cannot be seen; scrape more often than restarts happen.

/** Increase from `previous` to `current`; null when either is missing or not a finite number. */
export function counterDelta(previous: number | null | undefined, current: number | null | undefined): number | null {
  if (typeof previous !== 'number' || typeof current !== 'number') return null;
  if (!Number.isFinite(previous) || !Number.isFinite(current)) return null;
  return current < previous ? current : current - previous;
}

/** One counter summed over its label sets, kept per series so a reset is seen per series. */
export interface CounterReading {
  total: number;
  /** Value per series, keyed by its sorted labels. */
  series: Record<string, number>;
}

export function seriesKey(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((key) => `${key}=${JSON.stringify(labels[key])}`)
    .join(',');
}

/**
 * Increase of a multi-series counter. A series new since the previous scrape counts in full (it
 * started from zero since then); a series that vanished counts nothing. Null when the counter is
 * missing from either scrape (e.g. first scrape, or the exporter stopped exposing it).
 */
export function counterReadingDelta(previous: CounterReading | null, current: CounterReading | null): number | null {
  if (!previous || !current) return null;
  let total = 0;
  for (const [key, value] of Object.entries(current.series)) {
    const before = Object.hasOwn(previous.series, key) ? previous.series[key] : 0;
    total += counterDelta(before, value) ?? 0;
  }
  return total;
}
