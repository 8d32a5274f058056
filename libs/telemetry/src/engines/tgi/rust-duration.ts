// Rust's `Debug` of a `Duration` (`1.234567891s`, `12.5ms`, `50µs`, `123ns`), which TGI records in
// its request spans, in seconds.
const DURATION = /^(\d{1,15}(?:\.\d{1,12})?)(s|ms|µs|μs|us|ns)$/;
const SECONDS_PER_UNIT: Record<string, number> = { s: 1, ms: 1e-3, µs: 1e-6, μs: 1e-6, us: 1e-6, ns: 1e-9 };

export function rustDurationSeconds(text: string | null | undefined): number | null {
  const m = DURATION.exec((text ?? '').trim());
  if (!m) return null;
  const seconds = Number(m[1]) * SECONDS_PER_UNIT[m[2]];
  return Number.isFinite(seconds) ? seconds : null;
}
