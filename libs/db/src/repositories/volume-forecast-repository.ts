// volume_forecasts: the night's projections per scope; a re-run replaces the night's rows.
import { Injectable } from '@nestjs/common';
import { DatabasePool } from '../client/database-pool';
import { copyLinesInto } from '../copy/copy-lines-into';
import { copyText } from '../copy/copy-text';

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
  backtestPredictions?: { model?: number; originDay: number; tokens: number; daily?: number[] }[];
}

@Injectable()
export class VolumeForecastRepository {
  constructor(private readonly db: DatabasePool) {}

  /** Replaces the night's rows with `rows`; rows that come later (an async iterable) are written as they come. */
  async replaceNight(
    runDate: string,
    rows: Iterable<VolumeForecastRow> | AsyncIterable<VolumeForecastRow>,
  ): Promise<void> {
    await this.db.replaceDate('volume_forecasts', 'run_date', runDate, (client) =>
      copyLinesInto(
        client,
        `COPY volume_forecasts (run_date, scope, team, provider, model, method, history_days, interval_level,
           mape_pct, confidence, tokens_3m, tokens_12m, tokens_36m, months, notes, fitted_on, backtest_predictions)
         FROM STDIN`,
        forecastLines(runDate, rows),
      ),
    );
  }

  /** The newest night that has forecasts (before `before`, when given), or null before the first run. */
  async latestNight(before?: string): Promise<string | null> {
    const { rows } = await this.db.query<{ night: string | null }>(
      `SELECT to_char(max(run_date), 'YYYY-MM-DD') AS night FROM volume_forecasts
       WHERE $1::date IS NULL OR run_date < $1::date`,
      [before ?? null],
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

async function* forecastLines(
  runDate: string,
  rows: Iterable<VolumeForecastRow> | AsyncIterable<VolumeForecastRow>,
): AsyncGenerator<string> {
  for await (const row of rows) yield forecastLine(runDate, row);
}

/** A forecast's line of COPY text; months and backtests in whole tokens. */
function forecastLine(runDate: string, r: VolumeForecastRow): string {
  const months = r.months.map((m) => ({
    month: m.month,
    tokens: Math.round(m.tokens),
    lower: Math.round(m.lower),
    upper: Math.round(m.upper),
  }));
  const mape = r.mapePct === null ? '\\N' : r.mapePct.toFixed(4);
  return (
    `${runDate}\t${r.scope}\t${copyText(r.team)}\t${copyText(r.provider)}\t${copyText(r.model)}\t` +
    `${copyText(r.method)}\t${r.historyDays}\t${r.intervalLevel}\t${mape}\t` +
    `${copyText(r.confidence)}\t${r.tokens3m.toFixed(2)}\t${r.tokens12m.toFixed(2)}\t${r.tokens36m.toFixed(2)}\t` +
    `${copyText(JSON.stringify(months))}\t${copyText(JSON.stringify(r.notes))}\t${r.fittedOn ?? runDate}\t` +
    `${copyText(JSON.stringify((r.backtestPredictions ?? []).map(storedBacktest)))}\n`
  );
}

/** Whole tokens: a backtest's prediction only ever meets a sum of whole tokens. */
function storedBacktest(b: NonNullable<VolumeForecastRow['backtestPredictions']>[number]) {
  return {
    ...(b.model === undefined ? {} : { model: b.model }),
    originDay: b.originDay,
    tokens: Math.round(b.tokens),
    ...(b.daily ? { daily: b.daily.map(Math.round) } : {}),
  };
}
