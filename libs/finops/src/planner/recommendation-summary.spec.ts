import { describe, expect, it } from 'vitest';
import { recommendationSummary } from './recommendation-summary';

const row = (kind: string, numbers: Record<string, unknown>) => ({ kind, rationale: 'r', inputs: {}, numbers });

describe('recommendationSummary: the money', () => {
  it("says a workload's saving against the API, a premium as a premium", () => {
    expect(recommendationSummary(row('MIGRATE_TO_SELF_HOSTED', { monthlySavingsUsd: 1_030.4 }))).toMatchObject({
      monthlySavingsUsd: 1_030.4,
      money: 'saves $1,030 a month against the API',
    });
    expect(recommendationSummary(row('SELF_HOST_FOR_COMPLIANCE', { monthlySavingsUsd: -12.6 })).money).toBe(
      'costs $13 a month more than the API',
    );
  });

  it("says a deployment's saving (stored as savingsUsdPerMonth) against the deployment as it runs", () => {
    // explain of a MOVE_TO_API said monthlySavingsUsd null and money null where its rationale said $1,842.17.
    expect(recommendationSummary(row('MOVE_TO_API', { savingsUsdPerMonth: 1_842.17 }))).toMatchObject({
      monthlySavingsUsd: 1_842.17,
      money: 'saves $1,842 a month against running the deployment as it is',
    });
    expect(recommendationSummary(row('STAY_ON_API', {}))).toMatchObject({ monthlySavingsUsd: null, money: null });
  });
});
