// volume_forecasts: the night's projections per scope; a re-run replaces the night's rows.
import { Injectable } from '@nestjs/common';
import { DatabasePool } from '../client/database-pool';

export interface VolumeForecastRow {
  scope: 'team-model' | 'team';
  team: string;
  provider: string;
  model: string;
  method: string;
  historyDays: number;
  intervalLevel: number;
  mapePct: number | null;
  confidence: string;
  tokens3m: number;
  tokens12m: number;
  tokens36m: number;
  months: { month: number; tokens: number; lower: number; upper: number }[];
  notes: string[];
  /** The night the model was fitted on (YYYY-MM-DD); unset: the run date itself. */
  fittedOn?: string;
  /** The month-ahead backtests behind the interval (libs/finops MonthAheadBacktest), newest first. */
  backtestPredictions?: { originDay: number; tokens: number; daily?: number[] }[];
}

/** Rows per INSERT: a few statements a night (each a few MB of JSON at most). */
const INSERT_CHUNK = 5_000;

@Injectable()
export class VolumeForecastRepository {
  constructor(private readonly db: DatabasePool) {}

  async replaceNight(runDate: string, rows: VolumeForecastRow[]): Promise<void> {
    await this.db.replaceDate('volume_forecasts', 'run_date', runDate, async (client) => {
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        const part = rows.slice(i, i + INSERT_CHUNK);
        // A JSON column goes as one JSON array (one stringify, no array-literal quoting of each row's
        // JSON); ROWS FROM pairs the n-th element of every column.
        await client.query(
          `INSERT INTO volume_forecasts (run_date, scope, team, provider, model, method, history_days,
             interval_level, mape_pct, confidence, tokens_3m, tokens_12m, tokens_36m, months, notes, fitted_on,
             backtest_predictions)
           SELECT $1::date, * FROM ROWS FROM (unnest($2::text[]), unnest($3::text[]), unnest($4::text[]),
             unnest($5::text[]), unnest($6::text[]), unnest($7::int4[]), unnest($8::numeric[]), unnest($9::numeric[]),
             unnest($10::text[]), unnest($11::numeric[]), unnest($12::numeric[]), unnest($13::numeric[]),
             jsonb_array_elements($14::jsonb), jsonb_array_elements($15::jsonb), unnest($16::date[]),
             jsonb_array_elements($17::jsonb))`,
          [
            runDate,
            part.map((r) => r.scope),
            part.map((r) => r.team),
            part.map((r) => r.provider),
            part.map((r) => r.model),
            part.map((r) => r.method),
            part.map((r) => r.historyDays),
            part.map((r) => r.intervalLevel),
            part.map((r) => (r.mapePct === null ? null : r.mapePct.toFixed(4))),
            part.map((r) => r.confidence),
            part.map((r) => r.tokens3m.toFixed(2)),
            part.map((r) => r.tokens12m.toFixed(2)),
            part.map((r) => r.tokens36m.toFixed(2)),
            JSON.stringify(
              part.map((r) =>
                r.months.map((m) => ({
                  month: m.month,
                  tokens: Math.round(m.tokens),
                  lower: Math.round(m.lower),
                  upper: Math.round(m.upper),
                })),
              ),
            ),
            JSON.stringify(part.map((r) => r.notes)),
            part.map((r) => r.fittedOn ?? runDate),
            JSON.stringify(part.map((r) => (r.backtestPredictions ?? []).map(storedBacktest))),
          ],
        );
      }
    });
  }

  /** The newest night that has forecasts, or null before the first run. */
  async latestNight(): Promise<string | null> {
    const { rows } = await this.db.query<{ night: string | null }>(
      `SELECT to_char(max(run_date), 'YYYY-MM-DD') AS night FROM volume_forecasts`,
    );
    return rows[0]?.night ?? null;
  }

  /** The night's forecasts; with their stored backtests only when asked (the forecast step's next fit needs them). */
  async forNight(
    runDate: string,
    scope?: 'team-model' | 'team',
    options: { backtests?: boolean } = {},
  ): Promise<VolumeForecastRow[]> {
    const { rows } = await this.db.query<Record<string, unknown>>(
      `SELECT scope, team, provider, model, method, history_days, interval_level, mape_pct, confidence,
         tokens_3m, tokens_12m,
              tokens_36m, months, notes, to_char(coalesce(fitted_on, run_date), 'YYYY-MM-DD') AS fitted_on,
              CASE WHEN $3::bool THEN backtest_predictions END AS backtest_predictions
       FROM volume_forecasts WHERE run_date = $1::date AND ($2::text IS NULL OR scope = $2)`,
      [runDate, scope ?? null, options.backtests === true],
    );
    return rows.map((r) => ({
      scope: r.scope as VolumeForecastRow['scope'],
      team: r.team as string,
      provider: r.provider as string,
      model: r.model as string,
      method: r.method as string,
      historyDays: r.history_days as number,
      intervalLevel: Number(r.interval_level),
      mapePct: r.mape_pct === null ? null : Number(r.mape_pct),
      confidence: r.confidence as string,
      tokens3m: Number(r.tokens_3m),
      tokens12m: Number(r.tokens_12m),
      tokens36m: Number(r.tokens_36m),
      months: r.months as VolumeForecastRow['months'],
      notes: r.notes as string[],
      fittedOn: r.fitted_on as string,
      ...(r.backtest_predictions === null
        ? {}
        : { backtestPredictions: r.backtest_predictions as VolumeForecastRow['backtestPredictions'] }),
    }));
  }
}

/** Whole tokens: a backtest's prediction only ever meets a sum of whole tokens. */
function storedBacktest(b: NonNullable<VolumeForecastRow['backtestPredictions']>[number]) {
  return {
    originDay: b.originDay,
    tokens: Math.round(b.tokens),
    ...(b.daily ? { daily: b.daily.map(Math.round) } : {}),
  };
}
