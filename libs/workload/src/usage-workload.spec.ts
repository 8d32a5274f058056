import { parseUsageEvent } from '@tokenmeter/contracts';
import { describe, expect, it } from 'vitest';
import { DEMO_TEAMS, usageWorkload } from './usage-workload';

describe('usageWorkload', () => {
  const start = new Date('2026-08-01T00:00:00Z');
  const now = new Date('2026-11-01T00:00:00Z');

  it('produces valid, reproducible usage events', () => {
    const a = [...usageWorkload({ teams: DEMO_TEAMS, start, days: 2, scale: 0.01 })];
    const b = [...usageWorkload({ teams: DEMO_TEAMS, start, days: 2, scale: 0.01 })];
    expect(a.length).toBeGreaterThan(100);
    expect(a).toEqual(b);
    for (const event of a) {
      const parsed = parseUsageEvent(event, { now });
      expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
    }
  });

  it('grows the growing team and quiets weekends', () => {
    const perDay = (team: string, days: number) => {
      const counts = new Map<string, number>();
      for (const e of usageWorkload({ teams: DEMO_TEAMS.filter((t) => t.team === team), start, days, scale: 0.05 })) {
        const day = e.time.slice(0, 10);
        counts.set(day, (counts.get(day) ?? 0) + 1);
      }
      return counts;
    };
    const search = perDay('search', 90);
    // 2026-08-03 is a Monday; 90 days later the +25 %/month team is roughly twice as busy.
    expect(search.get('2026-10-26')! / search.get('2026-08-03')!).toBeGreaterThan(1.6);
    expect(search.get('2026-08-08')!).toBeLessThan(search.get('2026-08-03')!);
  });
});
