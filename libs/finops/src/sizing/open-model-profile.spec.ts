import { describe, expect, it } from 'vitest';
import { OPEN_MODEL_CATALOG } from '../catalogs/open-models';
import { openModelProfile } from './open-model-profile';

describe('open model profile', () => {
  it('gives memory at FP16/INT8/INT4 and the smallest GPU configuration at each', () => {
    const profile = openModelProfile('llama-3.1-70b');
    expect(profile.weightsGb).toMatchObject({
      fp16: expect.closeTo(141.2, 6),
      int8: expect.closeTo(70.6, 6),
      int4: expect.closeTo(35.3, 6),
    });
    expect(profile.licence).toBe('Llama 3.1 Community License');
    // 35.3 GB of INT4 weights. Cheapest to own a month (organization defaults): 1× L40S
    // (10,500 ÷ 36 + 350 W × 730 h × 1.3 × 0.15 ÷ 1000 + 150 + 500 + 5% × 10,500 ÷ 12 = 1,035.24), not the
    // cheaper-to-buy 2× RTX 4090 (8,198 ÷ 36 + 128.12 + 300 + 500 + 34.16 = 1,189.99).
    expect(profile.smallestGpuConfiguration.int4).toMatchObject({
      gpuId: 'l40s-48gb',
      gpuCount: 1,
      gpuCapexUsd: 8_000,
    });
    expect(profile.smallestGpuConfiguration.int4!.costOfOwnershipUsdPerMonth).toBeCloseTo(1_035.24, 1);
    expect(profile.smallestGpuConfiguration.fp16).not.toBeNull();
  });

  it('finds a configuration for every catalog model at INT4', () => {
    for (const model of OPEN_MODEL_CATALOG) {
      expect(openModelProfile(model.id).smallestGpuConfiguration.int4, model.id).not.toBeNull();
    }
  });
});
