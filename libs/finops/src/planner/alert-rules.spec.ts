import { describe, expect, it } from 'vitest';
import { alertRuleSettingProblems, governanceThreshold } from './alert-rules';

describe('governance alert rules', () => {
  it("judges a team by the stricter of its own rule and the organization's", () => {
    const rules = [
      { team: '*', kind: 'budget-threshold', threshold: 0.8, hysteresis: 0, enabled: true },
      { team: 'search', kind: 'budget-threshold', threshold: 0.99, hysteresis: 0, enabled: false },
      { team: 'ads', kind: 'budget-threshold', threshold: 0.5, hysteresis: 0, enabled: true },
    ];
    // search cannot loosen finops' 80 %, even with its own rule switched off; ads may tighten it to 50 %.
    expect(governanceThreshold('budget-threshold', rules, 'search')).toBe(0.8);
    expect(governanceThreshold('budget-threshold', rules, 'ads')).toBe(0.5);
    expect(governanceThreshold('budget-threshold', [], 'ads')).toBe(0.5);
    expect(governanceThreshold('spend-anomaly', [], 'ads')).toBe(3);
  });

  it('refuses the settings a governance kind would accept and ignore, naming each', () => {
    expect(alertRuleSettingProblems('budget-threshold', { threshold: 0.99, hysteresis: 0 })).toEqual([]);
    expect(
      alertRuleSettingProblems('budget-threshold', { threshold: 80, hysteresis: 0.1, cooldownDays: 7 }).map(
        (p) => p.field,
      ),
    ).toEqual(['hysteresis', 'cooldownDays', 'threshold']);
    expect(alertRuleSettingProblems('spend-anomaly', { threshold: 0 })[0]?.message).toMatch(
      /robust standard deviations/,
    );
    // Other kinds keep theirs.
    expect(alertRuleSettingProblems('run-rate-review', { threshold: 25e6, hysteresis: 0.2, cooldownDays: 14 })).toEqual(
      [],
    );
  });
});
