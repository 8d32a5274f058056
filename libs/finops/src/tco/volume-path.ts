// Monthly token volume over time. Month 1 is the first month after the switch; month m covers
// the time from m−1 to m months.

export type VolumePath =
  | { kind: 'constant'; tokensPerMonth: number }
  /** Compound growth: month m carries tokensPerMonth × (1 + monthlyGrowth)^(m−1). */
  | { kind: 'growth'; tokensPerMonth: number; monthlyGrowth: number }
  /** A forecast: month m carries series[m−1]; the last value holds after the series ends. */
  | { kind: 'series'; tokensPerMonth: readonly number[] };

export function constantVolume(tokensPerMonth: number): VolumePath {
  return { kind: 'constant', tokensPerMonth };
}

export function volumeInMonth(path: VolumePath, month: number): number {
  switch (path.kind) {
    case 'constant':
      return path.tokensPerMonth;
    case 'growth':
      return path.tokensPerMonth * (1 + path.monthlyGrowth) ** (month - 1);
    case 'series': {
      const series = path.tokensPerMonth;
      return series.length === 0 ? 0 : series[Math.min(month, series.length) - 1];
    }
  }
}

/** The month after which the volume no longer changes (0 for constant), or null if it always may. */
export function lastChangingMonth(path: VolumePath): number | null {
  switch (path.kind) {
    case 'constant':
      return 0;
    case 'growth':
      return path.monthlyGrowth === 0 ? 0 : null;
    case 'series':
      return path.tokensPerMonth.length;
  }
}

export function scaleVolumePath(path: VolumePath, factor: number): VolumePath {
  switch (path.kind) {
    case 'constant':
    case 'growth':
      return { ...path, tokensPerMonth: path.tokensPerMonth * factor };
    case 'series':
      return { kind: 'series', tokensPerMonth: path.tokensPerMonth.map((v) => v * factor) };
  }
}
