import { describe, expect, it } from 'vitest';
import { CliUsageError } from '../cli-usage-error';
import { nightsToPlan } from './plan-command';

describe('plan command options', () => {
  it('plans one night or a backfill range, oldest first', () => {
    expect(nightsToPlan({ date: '2026-03-01' })).toEqual(['2026-03-01']);
    expect(nightsToPlan({ from: '2026-02-27', to: '2026-03-02' })).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
  });

  it('names the option and what it expects', () => {
    expect(() => nightsToPlan({})).toThrow(CliUsageError);
    expect(() => nightsToPlan({ date: '03/01/2026' })).toThrow('--date: expected a date YYYY-MM-DD, got "03/01/2026"');
    expect(() => nightsToPlan({ from: '2026-03-02', to: '2026-03-01' })).toThrow(
      '--to: expected a date on or after --from (2026-03-02), got 2026-03-01',
    );
    expect(() => nightsToPlan({ date: '2026-03-01', from: '2026-03-01' })).toThrow(/not both/);
  });
});
