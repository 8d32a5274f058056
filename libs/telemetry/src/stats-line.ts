// vLLM's periodic stats line, every era: `Throughput: X tokens/s` (v0.1), `Avg prompt throughput …
// Swapped … Pending … CPU KV cache usage` (V0 engine, trailing `.` from v0.5), `[Engine 000:] … Waiting
// … Prefix cache hit rate` (V1 engine, optional fields anywhere). We read key/value pairs, never
// positions, and compare keys with whitespace removed so a wrap that ate a space still matches.

export type StatsFormat = 'v0' | 'v1' | 'sglang';

export interface StatsFields {
  /** `v0`: the V0 engine's line (Pending/Swapped, ~5 s interval); `v1`: the V1 engine's (Waiting, 10 s default). */
  statsFormat: StatsFormat;
  /** From `Engine NNN:` (V1 data parallel); null when the line has no engine prefix. */
  engine: number | null;
  promptTokensPerSec: number | null;
  generationTokensPerSec: number | null;
  /** v0.1's single `Throughput:` (prompt and generation together); null on later lines. */
  totalTokensPerSec: number | null;
  running: number | null;
  /** V1 `Waiting`, V0 `Pending`. */
  waiting: number | null;
  swapped: number | null;
  kvCacheUsagePct: number | null;
  cpuKvCacheUsagePct: number | null;
  prefixCacheHitRatePct: number | null;
  externalPrefixCacheHitRatePct: number | null;
  mmCacheHitRatePct: number | null;
  preemptions: number | null;
  deferred: number | null;
  corrupted: number | null;
}

export interface PrefixCacheFields {
  gpuHitRatePct: number | null;
  cpuHitRatePct: number | null;
}

type NumericField = Exclude<keyof StatsFields, 'statsFormat' | 'engine'>;

const FIELD_BY_KEY: Record<string, NumericField> = {
  avgpromptthroughput: 'promptTokensPerSec',
  avggenerationthroughput: 'generationTokensPerSec',
  throughput: 'totalTokensPerSec',
  running: 'running',
  waiting: 'waiting',
  pending: 'waiting',
  swapped: 'swapped',
  gpukvcacheusage: 'kvCacheUsagePct',
  kvcacheusage: 'kvCacheUsagePct',
  cpukvcacheusage: 'cpuKvCacheUsagePct',
  prefixcachehitrate: 'prefixCacheHitRatePct',
  externalprefixcachehitrate: 'externalPrefixCacheHitRatePct',
  mmcachehitrate: 'mmCacheHitRatePct',
  preemptions: 'preemptions',
  deferred: 'deferred',
  corrupted: 'corrupted',
};

const NUMBER = /^[+]?(?:\d{1,15}(?:\.\d{0,15})?|\.\d{1,15})(?:e[+-]?\d{1,3})?/;

/** The non-negative finite number at the start of `value` (`12.3tokens/s`, `0.4%.`), else null. */
function leadingNumber(value: string): number | null {
  const m = NUMBER.exec(value);
  if (!m) return null;
  const n = Number(m[0]);
  return Number.isFinite(n) ? n : null;
}

function compact(text: string): string {
  return text.replace(/\s+/g, '').toLowerCase();
}

/** Stats fields of a message body, or null when the body is not a stats line. */
export function parseStatsLine(body: string): StatsFields | null {
  let rest = body;
  let engine: number | null = null;
  const enginePrefix = /^\s*Engine\s*(\d{1,6})\s*:\s*/i.exec(rest);
  if (enginePrefix) {
    engine = Number(enginePrefix[1]);
    rest = rest.slice(enginePrefix[0].length);
  }

  const fields: StatsFields = {
    statsFormat: 'v0',
    engine,
    promptTokensPerSec: null,
    generationTokensPerSec: null,
    totalTokensPerSec: null,
    running: null,
    waiting: null,
    swapped: null,
    kvCacheUsagePct: null,
    cpuKvCacheUsagePct: null,
    prefixCacheHitRatePct: null,
    externalPrefixCacheHitRatePct: null,
    mmCacheHitRatePct: null,
    preemptions: null,
    deferred: null,
    corrupted: null,
  };
  const keys = new Set<string>();
  const pairs = compact(rest).split(',');
  for (const [index, pair] of pairs.entries()) {
    const colon = pair.indexOf(':');
    const key = colon > 0 ? pair.slice(0, colon) : '';
    const known = Object.hasOwn(FIELD_BY_KEY, key);
    // The line must open with one of its own keys: text that merely contains `Avg prompt
    // throughput:` (a prompt in a request line, a message) is not a stats line.
    if (index === 0 && !known) return null;
    if (!known || fields[FIELD_BY_KEY[key]] !== null) continue;
    fields[FIELD_BY_KEY[key]] = leadingNumber(pair.slice(colon + 1));
    keys.add(key);
  }

  const isStats = keys.has('avgpromptthroughput') || keys.has('avggenerationthroughput') || keys.has('throughput');
  if (!isStats) return null;
  // V0 says Pending/Swapped/CPU KV cache; V1 says Waiting and carries its prefix hit rate inline.
  const v1 = engine !== null || keys.has('waiting') || keys.has('prefixcachehitrate');
  fields.statsFormat = v1 ? 'v1' : 'v0';
  return fields;
}

/** V0's separate `Prefix cache hit rate: GPU: a%, CPU: b%` line, else null. */
export function parsePrefixCacheLine(body: string): PrefixCacheFields | null {
  const m = /^prefixcachehitrate:gpu:([^,]*)(?:,cpu:(.*))?$/.exec(compact(body));
  if (!m) return null;
  return { gpuHitRatePct: leadingNumber(m[1]), cpuHitRatePct: m[2] === undefined ? null : leadingNumber(m[2]) };
}
