import { describe, expect, it } from 'vitest';
import { AlertState, applyHysteresis } from './alert-hysteresis';
import { resolveAlertRule } from './alert-rules';

function walk(values: (number | null)[], direction: 'above' | 'below', threshold: number, hysteresis = 0.1) {
  let state: AlertState | null = null;
  const transitions: string[] = [];
  for (const value of values) {
    const out = applyHysteresis({ previous: state, value, threshold, hysteresis, direction });
    state = out.state;
    if (out.transition) transitions.push(out.transition);
  }
  return transitions;
}

describe('applyHysteresis', () => {
  it('fires once for a value hovering at the line, and resolves only past the band', () => {
    expect(walk([19e6, 20.1e6, 19.5e6, 20.2e6, 19.9e6, 20.5e6], 'above', 20e6)).toEqual(['fired']);
    expect(walk([21e6, 17.9e6, 21e6], 'above', 20e6)).toEqual(['fired', 'resolved', 'fired']);
  });

  it('works downwards for below-the-line rules and keeps the state on a night without a value', () => {
    expect(walk([0.5, 0.15, 0.31, null, 0.29, 0.34], 'below', 0.3)).toEqual(['fired', 'resolved']);
  });

  it('uses a team rule over the default', () => {
    expect(resolveAlertRule('run-rate-review', []).threshold).toBe(20e6);
    expect(
      resolveAlertRule('run-rate-review', [
        { kind: 'run-rate-review', threshold: 5e6, hysteresis: 0.2, enabled: false },
      ]),
    ).toMatchObject({
      threshold: 5e6,
      hysteresis: 0.2,
      enabled: false,
      direction: 'above',
    });
  });
});

describe('applyHysteresis: cleared and cooling down', () => {
  it('resolves a firing alert whose condition no longer applies, and ignores a cleared one at rest', () => {
    const base = { value: null, threshold: 6, hysteresis: 0.1, direction: 'below' as const, cleared: true };
    expect(applyHysteresis({ ...base, previous: 'firing' })).toEqual({ state: 'resolved', transition: 'resolved' });
    expect(applyHysteresis({ ...base, previous: null })).toEqual({ state: null, transition: null });
  });

  it('does not fire again while cooling down, and fires once the cooldown is over', () => {
    const base = { previous: 'resolved' as const, value: 30e6, threshold: 20e6, hysteresis: 0.1 };
    expect(applyHysteresis({ ...base, direction: 'above', coolingDown: true }).transition).toBeNull();
    expect(applyHysteresis({ ...base, direction: 'above', coolingDown: false }).transition).toBe('fired');
  });

  it('takes the team rule over the organization rule over the default', () => {
    const rows = [
      { team: '*', kind: 'run-rate-review', threshold: 30e6, hysteresis: 0.1, enabled: true, cooldownDays: 7 },
      { team: 'search', kind: 'run-rate-review', threshold: 10e6, hysteresis: 0.1, enabled: true },
    ];
    expect(resolveAlertRule('run-rate-review', rows, 'search').threshold).toBe(10e6);
    expect(resolveAlertRule('run-rate-review', rows, 'support')).toMatchObject({ threshold: 30e6, cooldownDays: 7 });
    expect(resolveAlertRule('break-even-short', rows, 'support').threshold).toBe(6);
  });
});
