import { describe, expect, it } from 'vitest';
import { CALLER_SOURCE, CatalogOverrideError } from './merge-catalog';
import { resolveCatalogs } from './resolve-catalogs';

describe('catalog overrides', () => {
  it('change one figure of an entry by id and attribute it to the caller', () => {
    const { gpus } = resolveCatalogs({ gpus: [{ id: 'h100-80gb', unitPriceUsd: 25_000 }] });
    const h100 = gpus.find((g) => g.id === 'h100-80gb')!;
    expect(h100.unitPriceUsd).toBe(25_000);
    expect(h100.sources.unitPriceUsd).toEqual(CALLER_SOURCE);
    expect(h100.memoryGiB).toBe(80);
    expect(h100.sources.memoryGiB.source).toMatch(/datasheet/);
    expect(gpus).toHaveLength(7);
  });

  it('keep a source the caller gives', () => {
    const { gpus } = resolveCatalogs({
      gpus: [
        { id: 'h100-80gb', unitPriceUsd: 27_500, sources: { unitPriceUsd: { source: 'our 2025 purchase order' } } },
      ],
    });
    expect(gpus.find((g) => g.id === 'h100-80gb')!.sources.unitPriceUsd.source).toBe('our 2025 purchase order');
  });

  it('add a new entry when it is complete, and name what a new entry lacks', () => {
    const { gpus } = resolveCatalogs({
      gpus: [
        {
          id: 'mi300x',
          name: 'AMD Instinct MI300X',
          memoryGiB: 192,
          memoryBandwidthGBps: 5300,
          powerWatts: 750,
          idlePowerWatts: 140,
          interconnect: 'nvlink',
          datacenterUseRestricted: false,
          unitPriceUsd: 15_000,
        },
      ],
    });
    expect(gpus.find((g) => g.id === 'mi300x')!.sources.powerWatts).toEqual(CALLER_SOURCE);
    expect(() => resolveCatalogs({ gpus: [{ id: 'mi300x', memoryGiB: 192 }] })).toThrow(CatalogOverrideError);
    expect(() => resolveCatalogs({ gpus: [{ id: 'mi300x', memoryGiB: 192 }] })).toThrow(
      'catalogs.gpus: new entry "mi300x" is missing name, memoryBandwidthGBps, powerWatts, ' +
        'idlePowerWatts, interconnect, datacenterUseRestricted, unitPriceUsd',
    );
  });
});
