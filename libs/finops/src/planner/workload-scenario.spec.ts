// The replicas a workload's break-even pays for are the ones its sizing asked for: a replica's monthly capacity
// in the scenario is its capacity at the utilization target, spread over the month as the load is.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLANNER_ASSUMPTIONS as A } from './planner-assumptions';
import { DEFAULT_SUBSTITUTE_CATALOG, substituteEntryFor } from './substitute-catalog';
import { priceWorkloadScenario } from './workload-scenario';

const SECONDS_PER_MONTH = A.hoursPerMonth * 3600;

describe('priceWorkloadScenario: the replicas paid for', () => {
  it('are those the sizing serves the busiest hour with, at the volume it was sized for', () => {
    const substitutes = ['gpt-4o', 'gpt-4o-mini', 'claude-3-5-sonnet'].flatMap(
      (model) => substituteEntryFor(model, DEFAULT_SUBSTITUTE_CATALOG)?.substitutes ?? [],
    );
    fc.assert(
      fc.property(
        fc.double({ min: 7, max: 11, noNaN: true }),
        fc.double({ min: 1, max: 6, noNaN: true }),
        fc.double({ min: 0.3, max: 0.95, noNaN: true }),
        fc.constantFrom(...substitutes),
        (log10Monthly, peakToMean, inputShare, substitute) => {
          const monthly = 10 ** log10Monthly;
          const priced = priceWorkloadScenario({
            pathTokensPerMonth: [monthly],
            mix: { inputShare, cachedInputShare: 0, cacheWriteShare: 0 },
            pricing: { kind: 'prices', prices: { inputPerMTok: 2.5, outputPerMTok: 10 } },
            substitute,
            peakTokensPerSec: (monthly / SECONDS_PER_MONTH) * peakToMean,
            peakToMean,
            assumptions: A,
          });
          if (!priced?.result.selfHostedSized) return;
          // "3× (2× h200-141gb), …": the replicas that serve the busiest hour at the utilization target.
          const sized = Number(/^(\d+)× \(/.exec(priced.sizingBasis)?.[1]);
          expect(priced.replicasForBusiestHour, priced.sizingBasis).toBe(sized);
          expect(priced.result.deploymentsNeeded, priced.sizingBasis).toBe(sized);
        },
      ),
      { numRuns: 300, seed: 20261205 },
    );
  });
});
