import { describe, expect, it } from 'vitest';
import { resolveCatalogs } from '../catalogs/resolve-catalogs';
import { lookUpVllmThroughput } from './throughput-lookup';

describe('vLLM throughput lookup', () => {
  const catalogs = resolveCatalogs();

  it('returns a published run with its source', () => {
    const run = lookUpVllmThroughput(catalogs, 'llama-3.1-70b', 'h100-80gb', 1, 'fp8');
    expect(run?.outputTokensPerSec).toBe(418.92);
    expect(run?.source.estimate).toBeUndefined();
  });

  it('scales a run on another GPU by memory bandwidth, marked as an estimate', () => {
    const run = lookUpVllmThroughput(catalogs, 'llama-3.1-70b', 'h200-141gb', 1, 'fp8');
    expect(run?.outputTokensPerSec).toBeCloseTo((418.92 * 4800) / 3350, 6);
    expect(run?.source.estimate).toBe(true);
    expect(run?.source.source).toMatch(/scaled by memory bandwidth/);
  });

  it('knows nothing without a run of the same model, precision and GPU count', () => {
    expect(lookUpVllmThroughput(catalogs, 'qwen3-30b-a3b', 'h100-80gb', 1, 'fp16')).toBeNull();
    expect(lookUpVllmThroughput(catalogs, 'llama-3.1-70b', 'h100-80gb', 1, 'int4')).toBeNull();
  });
});
