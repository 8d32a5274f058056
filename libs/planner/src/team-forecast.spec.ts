import type { VolumeForecastRow } from '@tokenmeter/db';
import { describe, expect, it } from 'vitest';
import { TEAM_FORECAST_METHOD, teamForecastsOf } from './team-forecast';

/** A workload's forecast of `monthly` tokens a month, ±20 %, for `months` months. */
function workload(
  team: string,
  model: string,
  monthly: number,
  fit: Partial<VolumeForecastRow> = {},
  months = 3,
): VolumeForecastRow {
  return {
    scope: 'team-model',
    team,
    provider: 'openai',
    model,
    method: 'mstl-ets',
    historyDays: 120,
    intervalLevel: 0.9,
    mapePct: 8,
    confidence: 'high',
    tokens3m: 3 * monthly,
    tokens12m: 12 * monthly,
    tokens36m: 36 * monthly,
    months: Array.from({ length: months }, (_, i) => ({
      month: i + 1,
      tokens: monthly * (1 + i / 10),
      lower: monthly * 0.8,
      upper: monthly * 1.2 * (1 + i / 10),
    })),
    notes: [],
    fittedOn: '2026-11-28',
    ...fit,
  };
}

describe('teamForecastsOf', () => {
  it("adds up each team's workload forecasts, month by month and over 3, 12 and 36 months", () => {
    const rows = [
      workload('search', 'gpt-4o', 1e9),
      workload('search', 'o3-mini', 5e8, { historyDays: 300 }),
      workload('support', 'gpt-4o-mini', 2e8),
    ];
    const teams = teamForecastsOf(rows, '2026-12-04');
    expect(teams.map((t) => t.team)).toEqual(['search', 'support']);
    const search = teams[0]!;
    expect(search).toMatchObject({
      scope: 'team',
      provider: '',
      model: '',
      method: TEAM_FORECAST_METHOD,
      historyDays: 300,
      intervalLevel: 0.9,
      tokens3m: 4.5e9,
      tokens12m: 18e9,
      tokens36m: 54e9,
      fittedOn: '2026-12-04',
    });
    expect(search.months).toEqual([
      { month: 1, tokens: 1.5e9, lower: 1.2e9, upper: 1.8e9 },
      { month: 2, tokens: 1.65e9, lower: 1.2e9, upper: 1.98e9 },
      { month: 3, tokens: 1.8e9, lower: 1.2e9, upper: 2.16e9 },
    ]);
    expect(search.notes[0]).toBe(
      "the sum of the team's 2 workload forecasts (month 1: openai/gpt-4o 1B, openai/o3-mini 500M), the ones its " +
        'recommendations are decided on',
    );
  });

  it("bounds the MAPE by the workloads' weighted by volume, and the confidence by any material workload's", () => {
    const [team] = teamForecastsOf(
      [
        workload('search', 'gpt-4o', 3e9, { mapePct: 10 }),
        workload('search', 'o3-mini', 1e9, { mapePct: 30, confidence: 'medium' }),
      ],
      '2026-12-04',
    );
    expect(team!.mapePct).toBeCloseTo(15, 10);
    expect(team!.confidence).toBe('medium');

    // A young workload of a twentieth of the volume, without a backtest, neither counts in the MAPE nor
    // lowers the confidence; one of a third does.
    const small = teamForecastsOf(
      [workload('a', 'gpt-4o', 19e8), workload('a', 'new', 1e8, { mapePct: null, confidence: 'low' })],
      '2026-12-04',
    )[0]!;
    expect([small.mapePct, small.confidence]).toEqual([8, 'high']);
    const large = teamForecastsOf(
      [workload('a', 'gpt-4o', 2e9), workload('a', 'new', 1e9, { mapePct: null, confidence: 'low' })],
      '2026-12-04',
    )[0]!;
    expect([large.mapePct, large.confidence]).toEqual([8, 'low']);
    expect(large.notes.at(-1)).toContain("that of a workload with a tenth or more of the team's volume");
  });

  it("names a team's one workload as such", () => {
    const [team] = teamForecastsOf([workload('risk', 'claude-3-5-haiku', 4e8)], '2026-12-04');
    expect(team!.notes).toEqual([
      "the team's one workload forecast (month 1: openai/claude-3-5-haiku 400M), the one its recommendation is " +
        'decided on',
      "MAPE 8.0 %, its workload's; confidence high",
    ]);
  });

  it('keeps months only some workloads reach, and leaves the team-level rows of the night out', () => {
    const [team] = teamForecastsOf(
      [
        workload('search', 'gpt-4o', 1e9, {}, 36),
        workload('search', 'o3-mini', 1e9, {}, 3),
        { ...workload('search', '', 9e9), scope: 'team', provider: '' },
      ],
      '2026-12-04',
    );
    expect(team!.months).toHaveLength(36);
    expect(team!.months[0]!.tokens).toBe(2e9);
    expect(team!.months[35]!.tokens).toBeCloseTo(1e9 * 4.5, 3);
  });
});
