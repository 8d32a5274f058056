import { describe, expect, it } from 'vitest';
import { idleDeployments } from './idle-capacity';
import type { DeploymentUtilizationWeek } from './recommend-deployment';

const day = (utilization: number | null, servedTokens: number) => ({
  day: '2026-12-01',
  utilization,
  servedTokens,
  dailyCostUsd: 100,
  idleWasteUsd: null,
});
const week = (days: DeploymentUtilizationWeek['days']): DeploymentUtilizationWeek => ({
  name: 'llama-70b-pool',
  team: 'support',
  servedModel: 'llama-3.1-70b',
  gpuType: 'h100-80gb',
  gpuCount: 4,
  days,
});

describe('idleDeployments', () => {
  it('offers the output tokens/s left below the utilization target, with the capacity they are a share of', () => {
    // 86.4M output tokens a day is 1,000 a second; at 10 % utilization the capacity is 10,000 a second.
    const [pool] = idleDeployments([week([day(0.1, 86.4e6), day(0.1, 86.4e6)])], { utilizationTarget: 0.7 });
    expect(pool!.capacityOutputTokensPerSec).toBeCloseTo(10_000, 6);
    expect(pool!.spareOutputTokensPerSec).toBeCloseTo(6_000, 6);
  });

  it("counts the deployment's own busiest hour of the week where it is known", () => {
    // Its busiest hour served 3,000 output tokens a second: 7,000 − 3,000 are left at the target.
    const [pool] = idleDeployments([{ ...week([day(0.1, 86.4e6)]), peakHourOutputTokens: 3_000 * 3600 }], {
      utilizationTarget: 0.7,
    });
    expect(pool!.spareOutputTokensPerSec).toBeCloseTo(4_000, 6);
  });

  it('offers nothing where the capacity is unknown or already used up to the target', () => {
    expect(idleDeployments([week([day(null, 86.4e6)])], { utilizationTarget: 0.7 })).toEqual([]);
    expect(idleDeployments([week([day(0.75, 86.4e6)])], { utilizationTarget: 0.7 })).toEqual([]);
  });
});
