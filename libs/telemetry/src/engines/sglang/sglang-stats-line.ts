// SGLang's scheduler batch lines (scheduler.py, later scheduler_metrics_mixin.py):
//   v0.1  `[gpu_id=0] Decode batch. #running-req: N, #token: N, token usage: 0.xx, gen throughput (token/s): X,
//          #queue-req: N`
//   v0.2+ `Prefill batch. #new-seq: N, #new-token: N, #cached-token: N, cache hit rate: x%, token usage: 0.xx,
//          #running-req: N, #queue-req: N`
//   v0.4.1+ `Prefill batch, …` / `Decode batch, … cuda graph: True, gen throughput (token/s): X, #queue-req: N, `
//          (optional ` [iter]`, `full token usage`/`swa token usage` on hybrid models, `accept len`, disaggregation
//          fields, `input throughput (token/s)` on prefill servers).
// Key/value pairs, not positions. `#new-token` is an exact count of prompt tokens computed in the
// batch; `gen throughput` is the tokens generated since the previous decode line over that gap.

import type { StatsFields } from '../../stats-line';
import { NO_STATS_COUNTS, type StatsCounts } from '../engine-log-record';

export type SglangStatsFields = StatsFields & StatsCounts;

const HEAD = /^(?:\[gpu(?:_id)?=\d{1,4}\]\s*)?(Prefill|Decode)\s*batch(?:\s*\[\d{1,12}\])?\s*[.,]\s*/;
const NUMBER = /^[+]?(?:\d{1,15}(?:\.\d{0,15})?|\.\d{1,15})(?:e[+-]?\d{1,3})?/i;

function leadingNumber(value: string): number | null {
  const m = NUMBER.exec(value.trim());
  if (!m) return null;
  const n = Number(m[0]);
  return Number.isFinite(n) ? n : null;
}

export function parseSglangStatsLine(body: string): SglangStatsFields | null {
  const head = HEAD.exec(body.trimStart());
  if (!head) return null;
  const phase = head[1] === 'Prefill' ? 'prefill' : 'decode';
  const values = new Map<string, number | null>();
  for (const pair of body.trimStart().slice(head[0].length).split(',')) {
    const colon = pair.indexOf(':');
    if (colon <= 0) continue;
    const key = pair.slice(0, colon).replace(/\s+/g, '').toLowerCase();
    if (!values.has(key)) values.set(key, leadingNumber(pair.slice(colon + 1)));
  }
  const get = (key: string) => values.get(key) ?? null;
  const usage = get('tokenusage') ?? get('fulltokenusage');
  const newTokens = get('#new-token');
  const cached = get('#cached-token');
  const hitRate =
    get('cachehitrate') ??
    (newTokens !== null && cached !== null && newTokens + cached > 0 ? (cached / (newTokens + cached)) * 100 : null);
  return {
    statsFormat: 'sglang',
    engine: null,
    promptTokensPerSec: get('inputthroughput(token/s)'),
    generationTokensPerSec: phase === 'decode' ? get('genthroughput(token/s)') : null,
    totalTokensPerSec: null,
    running: get('#running-req'),
    waiting: get('#queue-req'),
    swapped: null,
    kvCacheUsagePct: usage === null ? null : usage * 100,
    cpuKvCacheUsagePct: null,
    prefixCacheHitRatePct: phase === 'prefill' ? hitRate : null,
    externalPrefixCacheHitRatePct: null,
    mmCacheHitRatePct: null,
    preemptions: null,
    deferred: null,
    corrupted: null,
    ...NO_STATS_COUNTS,
    phase,
    promptTokens: phase === 'prefill' ? newTokens : null,
    cachedPromptTokens: phase === 'prefill' ? cached : null,
  };
}
