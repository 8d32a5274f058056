import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breakEvenMonths } from './breakeven';
import type { DeploymentEconomics } from './cost-model';
import { thresholdTokensPerMonth } from './threshold-volume';

const perToken = 25 / 1e6;
const a100: DeploymentEconomics = { capexUsd: 15_000, opexUsdPerMonth: 50, capacityTokensPerMonth: null };

describe('threshold volume', () => {
  it('is the volume whose break-even equals the target: (capex / target + opex) / API cost per token', () => {
    // (15,000 / 12 + 50) / $25 per million = 52M tokens/month
    const threshold = thresholdTokensPerMonth({ apiUsdPerToken: perToken, deployment: a100, targetMonths: 12 });
    expect(threshold).toBeCloseTo(52_000_000, 3);
    expect(
      breakEvenMonths({
        volume: { kind: 'constant', tokensPerMonth: threshold! },
        apiUsdPerToken: perToken,
        deployment: a100,
      }),
    ).toBeCloseTo(12, 9);
  });

  it('is null when even a fully used deployment cannot pay back within the target', () => {
    const limited = { ...a100, capacityTokensPerMonth: 50_000_000 }; // needs 52M, holds 50M
    expect(thresholdTokensPerMonth({ apiUsdPerToken: perToken, deployment: limited, targetMonths: 12 })).toBeNull();
    expect(thresholdTokensPerMonth({ apiUsdPerToken: perToken, deployment: limited, targetMonths: 24 })).toBeCloseTo(
      27_000_000,
      3,
    );
  });

  it('is null when tokens cost nothing on the API', () => {
    expect(thresholdTokensPerMonth({ apiUsdPerToken: 0, deployment: a100, targetMonths: 12 })).toBeNull();
  });

  it('is lower when the volume is growing, found by search', () => {
    const growing = thresholdTokensPerMonth({
      apiUsdPerToken: perToken,
      deployment: a100,
      targetMonths: 12,
      monthlyGrowth: 0.05,
    });
    expect(growing).not.toBeNull();
    expect(growing!).toBeLessThan(52_000_000);
    const months = breakEvenMonths({
      volume: { kind: 'growth', tokensPerMonth: growing!, monthlyGrowth: 0.05 },
      apiUsdPerToken: perToken,
      deployment: a100,
    });
    expect(months).toBeCloseTo(12, 6);
  });

  it('puts break-even exactly at the target for any constant-volume deployment (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        fc.double({ min: 1e-8, max: 1e-4, noNaN: true }),
        fc.double({ min: 0.5, max: 120, noNaN: true }),
        (capexUsd, opexUsdPerMonth, apiUsdPerToken, targetMonths) => {
          const deployment = { capexUsd, opexUsdPerMonth, capacityTokensPerMonth: null };
          const threshold = thresholdTokensPerMonth({ apiUsdPerToken, deployment, targetMonths }) as number;
          const months = breakEvenMonths({
            volume: { kind: 'constant', tokensPerMonth: threshold },
            apiUsdPerToken,
            deployment,
          });
          expect(months).toBeCloseTo(targetMonths, 6);
        },
      ),
    );
  });
});
