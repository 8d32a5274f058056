// Scrapes cut short, garbled or hostile: the metric parsers never throw and never produce NaN.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { counterDelta } from './counter-delta';
import { dcgmEnergyDelta, parseDcgmMetrics } from './dcgm-metrics';
import { parsePrometheusText } from './prometheus-text';
import { parseVllmMetrics, vllmCounterDeltas } from './vllm-metrics';

const FRAGMENTS = [
  '# HELP ',
  '# TYPE ',
  ' counter',
  ' gauge',
  ' histogram',
  '# EOF',
  'vllm:prompt_tokens_total',
  'vllm:prompt_tokens',
  'vllm:kv_cache_usage_perc',
  'vllm:gpu_cache_usage_perc',
  'vllm:num_requests_running',
  'DCGM_FI_DEV_POWER_USAGE',
  'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION',
  'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
  '{',
  '}',
  '="',
  '"',
  ',',
  '\\',
  '\\"',
  '\n',
  '\r\n',
  ' ',
  'UUID',
  'GPU_I_ID',
  'GPU_I_PROFILE',
  '3g.40gb',
  'gpu',
  'model_name',
  '__proto__',
  'constructor',
  'NaN',
  '+Inf',
  '-Inf',
  '1e400',
  '-5',
  '0.5',
  '12345',
  ' 1700000000000',
];
const scrape = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'binary', maxLength: 8 })), { maxLength: 120 })
  .map((parts) => parts.join(''));

const finiteOrNull = (value: number | null) => value === null || Number.isFinite(value);

describe('metric parsers on random and hostile input', () => {
  it('never throw and keep every number finite', () => {
    fc.assert(
      fc.property(scrape, scrape, (a, b) => {
        const { samples } = parsePrometheusText(a);
        for (const sample of samples) expect(typeof sample.value).toBe('number');
        const [va, vb] = [parseVllmMetrics(a), parseVllmMetrics(b)];
        for (const value of [va.running, va.waiting, va.kvCacheUsagePct, va.promptTokens?.total ?? null])
          expect(finiteOrNull(value)).toBe(true);
        for (const value of Object.values(vllmCounterDeltas(va, vb))) expect(finiteOrNull(value)).toBe(true);
        const [da, db] = [parseDcgmMetrics(a), parseDcgmMetrics(b)];
        expect(finiteOrNull(da.totalPowerWatts)).toBe(true);
        for (const gpu of da.gpus) {
          for (const value of [gpu.gpuUtilPct, gpu.graphicsEngineActivePct, gpu.powerWatts, gpu.energyMillijoules])
            expect(finiteOrNull(value)).toBe(true);
        }
        expect(finiteOrNull(dcgmEnergyDelta(da, db).totalMillijoules)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('counter deltas are never negative and never exceed the current value', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e15, noNaN: true }),
        fc.double({ min: 0, max: 1e15, noNaN: true }),
        (previous, current) => {
          const delta = counterDelta(previous, current) as number;
          expect(delta).toBeGreaterThanOrEqual(0);
          expect(delta).toBeLessThanOrEqual(current);
        },
      ),
    );
  });
});
