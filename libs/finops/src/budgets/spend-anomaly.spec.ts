import { describe, expect, it } from 'vitest';
import { type DailyTeamSpendRow, spendAnomalies } from './spend-anomaly';

/** 28 days of ~$100 (gpt-4o in chat, $20 claude in rag), then `last` on 2026-03-29. */
function history(last: DailyTeamSpendRow[]): DailyTeamSpendRow[] {
  const rows: DailyTeamSpendRow[] = [];
  for (let d = 1; d <= 28; d++) {
    const day = `2026-03-${String(d).padStart(2, '0')}`;
    rows.push({ day, team: 'search', model: 'gpt-4o', project: 'chat', usd: 78 + (d % 5) });
    rows.push({ day, team: 'search', model: 'claude-sonnet-4', project: 'rag', usd: 20 });
  }
  return [...rows, ...last];
}

describe('spend anomalies', () => {
  it('stays quiet inside the forecast interval', () => {
    const rows = history([
      { day: '2026-03-29', team: 'search', model: 'gpt-4o', project: 'chat', usd: 82 },
      { day: '2026-03-29', team: 'search', model: 'claude-sonnet-4', project: 'rag', usd: 21 },
    ]);
    expect(spendAnomalies(rows, '2026-03-29')).toEqual([]);
  });

  it('alerts a spike above the interval and names the model and project that moved it', () => {
    const rows = history([
      { day: '2026-03-29', team: 'search', model: 'gpt-4o', project: 'chat', usd: 80 },
      { day: '2026-03-29', team: 'search', model: 'claude-sonnet-4', project: 'rag', usd: 20 },
      { day: '2026-03-29', team: 'search', model: 'claude-opus-4-1', project: 'agents', usd: 150 },
    ]);
    const [anomaly] = spendAnomalies(rows, '2026-03-29');
    expect(anomaly).toMatchObject({ team: 'search', direction: 'above', spentUsd: 250, expectedUsd: 100 });
    expect(anomaly!.upperUsd).toBeLessThan(250);
    expect(anomaly!.movers[0]).toMatchObject({ dimension: 'model', name: 'claude-opus-4-1', deltaUsd: 150 });
    expect(anomaly!.movers.find((m) => m.dimension === 'project')).toMatchObject({ name: 'agents', deltaUsd: 150 });
  });

  it('alerts a drop below the interval (a broken integration stops metering)', () => {
    const rows = history([{ day: '2026-03-29', team: 'search', model: 'claude-sonnet-4', project: 'rag', usd: 20 }]);
    const [anomaly] = spendAnomalies(rows, '2026-03-29');
    expect(anomaly).toMatchObject({ direction: 'below', spentUsd: 20 });
    expect(anomaly!.movers[0]).toMatchObject({ dimension: 'model', name: 'gpt-4o' });
  });

  it('needs a week of history before it forecasts', () => {
    const rows: DailyTeamSpendRow[] = [
      { day: '2026-03-27', team: 'new', model: 'gpt-4o', project: '', usd: 1 },
      { day: '2026-03-28', team: 'new', model: 'gpt-4o', project: '', usd: 1 },
      { day: '2026-03-29', team: 'new', model: 'gpt-4o', project: '', usd: 500 },
    ];
    expect(spendAnomalies(rows, '2026-03-29')).toEqual([]);
  });
});
