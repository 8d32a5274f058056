import { describe, expect, it } from 'vitest';
import { applyAssumptionsUpdate } from './organization-assumptions-update';
import { DEFAULT_ORGANIZATION_ASSUMPTIONS as A } from './planner-assumptions';

describe("the organization's decision-tree figures", () => {
  it('sets the volume bands and the compliant API providers, attributed to who set them', () => {
    const r = applyAssumptionsUpdate(
      A,
      { reviewFromTokensPerMonth: 15e6, selfHostFromTokensPerMonth: 80e6, compliantApiProviders: ['bedrock'] },
      'finops@example',
      [],
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.assumptions).toMatchObject({
      reviewFromTokensPerMonth: 15e6,
      selfHostFromTokensPerMonth: 80e6,
      compliantApiProviders: ['bedrock'],
    });
    expect(r.assumptions.sources.compliantApiProviders).toEqual({ source: 'set by finops@example' });
  });

  it('refuses bands that do not rise, and a figure that no longer exists', () => {
    const r = applyAssumptionsUpdate(A, { reviewToTokensPerMonth: 60e6 }, 'x', []);
    expect(r).toEqual({
      ok: false,
      problems: [
        expect.stringMatching(
          /^volume bands: expected apiWinsBelowTokensPerMonth ≤ .*, got 10,000,000, 20,000,000, 60,000,000, 50,000,000/,
        ),
      ],
    });
    const gone = applyAssumptionsUpdate(A, { maxRelativeIntervalWidth: 1.5 }, 'x', []);
    expect(gone.ok).toBe(false);
  });
});
