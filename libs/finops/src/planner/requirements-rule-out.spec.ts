// A team whose requirements are all that keeps a workload on the API tonight is told so: the hosted open
// model the numbers alone would move it to, what it would cost, and why the requirements rule it out.
import { describe, expect, it } from 'vitest';
import { steadyWorkload } from './fixtures/steady-workload';
import { DEFAULT_PLANNER_ASSUMPTIONS as A } from './planner-assumptions';
import { recommendWorkload } from './recommend-workload';

const noRequirements = { privacyCritical: false, latencyUnder100ms: false, extensiveCustomization: false };
// 139.5M tokens a month of gpt-4o-mini at $5 per million, decided at the conservative 125.5M: buying a
// llama-3.1-70b server never breaks even, renting is not allowed, the hosted open model costs $50 a month.
const load = (profile: typeof noRequirements) =>
  steadyWorkload(10 ** 8.144451365262096, {
    inputShare: 0.5476124257264274,
    usdPerMTok: 5,
    profile,
    model: 'gpt-4o-mini',
    peakToMean: 6,
  });
const a = { ...A, allowRent: false };

describe('a workload the requirements keep on the API', () => {
  it('says which cheaper option they rule out and why, and what the numbers alone would do', () => {
    const r = recommendWorkload(load({ ...noRequirements, privacyCritical: true, latencyUnder100ms: true }), a);
    expect([r.kind, r.numbers.reason]).toEqual(['STAY_ON_API', 'never-breaks-even']);
    expect(r.rationale).toContain(
      'The hosted open model would cost $50 a month against $628 on the API, but the requirements (data privacy ' +
        'is critical, latency under 100 ms is required) ask for GPUs the organization runs, and a hosted ' +
        'open-model API is a third party.',
    );
    expect(
      String(r.numbers.whatWouldFlip).endsWith(
        '. Without the requirements (data privacy is critical, latency under 100 ms is required) this is ' +
          'MIGRATE_TO_SELF_HOSTED on the hosted open model, cheaper than the API month by month.',
      ),
    ).toBe(true);
    // Which is what the numbers alone do.
    const free = recommendWorkload(load(noRequirements), a);
    expect([free.kind, free.numbers.option]).toEqual(['MIGRATE_TO_SELF_HOSTED', 'hosted-open-model']);
    expect(free.numbers.monthlySavingsUsd).toBeCloseTo(628 - 50, -1);
  });
});
