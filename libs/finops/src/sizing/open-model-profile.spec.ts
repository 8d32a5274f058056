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
    expect(profile.smallestGpuConfiguration.int4).toMatchObject({
      gpuId: 'rtx-4090-24gb',
      gpuCount: 2,
      gpuCapexUsd: 3_198,
    });
    expect(profile.smallestGpuConfiguration.fp16).not.toBeNull();
  });

  it('finds a configuration for every catalog model at INT4', () => {
    for (const model of OPEN_MODEL_CATALOG) {
      expect(openModelProfile(model.id).smallestGpuConfiguration.int4, model.id).not.toBeNull();
    }
  });
});
