import { parseDcgmMetrics, parseVllmMetrics } from '@tokenmeter/telemetry';
import { describe, expect, it } from 'vitest';
import { dcgmCounterState, scrapeReadings, vllmCounterState } from './scrape-readings';

const deployment = { name: 'pool-a', team: 'support', servedModel: 'llama-3.1-70b' };

const vllm = (prompt0: number, prompt1: number, generation: number, kv = 'vllm:kv_cache_usage_perc') =>
  parseVllmMetrics(`vllm:prompt_tokens_total{engine="0",model_name="m"} ${prompt0}
vllm:prompt_tokens_total{engine="1",model_name="m"} ${prompt1}
vllm:generation_tokens_total{engine="0",model_name="m"} ${generation}
vllm:num_requests_running{engine="0",model_name="m"} 3
${kv}{engine="0",model_name="m"} 0.25
`);

// One A100 split in two MIG slices: the device's power and energy are repeated on each slice.
const dcgm = (energyMj: number, watts: number) =>
  parseDcgmMetrics(`DCGM_FI_DEV_POWER_USAGE{gpu="0",UUID="GPU-1",GPU_I_ID="1",GPU_I_PROFILE="3g.40gb"} ${watts}
DCGM_FI_DEV_POWER_USAGE{gpu="0",UUID="GPU-1",GPU_I_ID="2",GPU_I_PROFILE="4g.40gb"} ${watts}
DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{gpu="0",UUID="GPU-1",GPU_I_ID="1",GPU_I_PROFILE="3g.40gb"} ${energyMj}
DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{gpu="0",UUID="GPU-1",GPU_I_ID="2",GPU_I_PROFILE="4g.40gb"} ${energyMj}
`);

const t0 = new Date('2026-11-27T10:00:00Z');
const t1 = new Date('2026-11-27T10:00:30Z');

describe('scrapeReadings', () => {
  it('first scrape: gauges only, no usage, counters kept for next time', () => {
    const first = scrapeReadings({
      deployment,
      at: t0,
      vllm: { snapshot: vllm(100, 50, 10), previous: null },
      dcgm: { snapshot: dcgm(1_000_000, 200), previous: null },
    });
    expect(first.usage).toBeNull();
    expect(first.sample).toMatchObject({
      source: 'metrics',
      intervalSec: 0,
      promptTokensPerSec: null,
      running: 3,
      kvCacheUsagePct: 25,
      powerWatts: 200,
      energyJoules: null,
    });
    expect(first.vllmState?.promptTokens?.total).toBe(150);
  });

  it('counter deltas per series across a restart, energy per GPU, power not summed over MIG slices', () => {
    const before = scrapeReadings({
      deployment,
      at: t0,
      vllm: { snapshot: vllm(100, 50, 10), previous: null },
      dcgm: { snapshot: dcgm(1_000_000, 200), previous: null },
    });
    // Engine 1 restarted (50 → 20 counts 20); engine 0 went 100 → 400 (+300); generation 10 → 70.
    const after = scrapeReadings({
      deployment,
      at: t1,
      vllm: {
        snapshot: vllm(400, 20, 70, 'vllm:gpu_cache_usage_perc'),
        previous: { counters: before.vllmState!, time: t0 },
      },
      dcgm: { snapshot: dcgm(1_600_000, 210), previous: { counters: before.dcgmState!, time: t0 } },
    });
    expect(after.usage).toMatchObject({
      source: 'vllm-metrics:pool-a',
      id: '2026-11-27T10:00:30.000Z',
      inputTokens: 320,
      outputTokens: 60,
      model: 'llama-3.1-70b@pool-a',
      tags: { basis: 'counter', intervalSec: '30' },
      costUsd: null,
    });
    expect(after.sample).toMatchObject({ intervalSec: 30, kvCacheUsagePct: 25, powerWatts: 210, energyJoules: 600 });
    expect(after.sample.promptTokensPerSec).toBeCloseTo(320 / 30, 9);
  });

  it('round-trips state through JSON (it is stored as jsonb)', () => {
    const state = JSON.parse(JSON.stringify({ v: vllmCounterState(vllm(1, 2, 3)), d: dcgmCounterState(dcgm(5, 1)) }));
    const next = scrapeReadings({
      deployment,
      at: t1,
      vllm: { snapshot: vllm(11, 2, 3), previous: { counters: state.v, time: t0 } },
      dcgm: { snapshot: dcgm(5005, 1), previous: { counters: state.d, time: t0 } },
    });
    expect(next.usage).toMatchObject({ inputTokens: 10, outputTokens: 0 });
    expect(next.energyJoules).toBe(5);
  });
});
