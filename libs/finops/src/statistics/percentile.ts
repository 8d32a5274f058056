/** Postgres's percentile_cont: the value at fraction × (n − 1) of the sorted values, interpolated linearly. */
export function percentileCont(values: readonly number[], fraction: number): number {
  const sorted = Float64Array.from(values).sort();
  const position = fraction * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower];
  if (upper === lower) return low;
  return low + (sorted[upper] - low) * (position - lower);
}
