import { describe, expect, it } from 'vitest';
import { OPEN_MODEL_CATALOG } from '../catalogs/open-models';
import { gibToGb, kvCacheBytesPerToken, kvCacheMemoryGb, weightsMemoryGb } from './model-memory';

const model = (id: string) => OPEN_MODEL_CATALOG.find((m) => m.id === id)!;

describe('model memory', () => {
  it('is parameters × bytes per parameter: FP16 2, INT8 1, INT4 0.5', () => {
    expect(weightsMemoryGb(model('llama-3.1-70b'), 'fp16')).toBeCloseTo(141.2, 6);
    expect(weightsMemoryGb(model('llama-3.1-70b'), 'int8')).toBeCloseTo(70.6, 6);
    expect(weightsMemoryGb(model('llama-3.1-70b'), 'int4')).toBeCloseTo(35.3, 6);
    // Every expert is resident: Mixtral holds 46.7B parameters though it uses 12.9B per token.
    expect(weightsMemoryGb(model('mixtral-8x7b'), 'fp16')).toBeCloseTo(93.4, 6);
  });

  it('sizes the KV cache as 2 × layers × kvHeads × headDim × bytes per token', () => {
    expect(kvCacheBytesPerToken(model('llama-3.1-8b'))).toBe(131_072);
    expect(kvCacheBytesPerToken(model('llama-3.1-70b'))).toBe(327_680);
    expect(kvCacheBytesPerToken(model('phi-3-mini'))).toBe(393_216); // no grouped-query attention
    expect(kvCacheBytesPerToken(model('llama-3.1-70b'), 1)).toBe(163_840); // FP8 KV cache
    // 8 sequences of 4,096 tokens on Llama 3.1 70B: 10.7 GB
    expect(kvCacheMemoryGb(model('llama-3.1-70b'), 4096, 8)).toBeCloseTo(10.74, 2);
  });

  it('uses the latent width for multi-head latent attention', () => {
    expect(kvCacheBytesPerToken(model('deepseek-v3'))).toBe(61 * 576 * 2);
  });

  it('converts GPU GiB to GB', () => {
    expect(gibToGb(80)).toBeCloseTo(85.9, 1);
  });
});
