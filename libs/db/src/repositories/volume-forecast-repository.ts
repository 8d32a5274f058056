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
}

@Injectable()
export class VolumeForecastRepository {
  constructor(private readonly db: DatabasePool) {}

  async replaceNight(runDate: string, rows: VolumeForecastRow[]): Promise<void> {
    await this.db.replaceDate('volume_forecasts', 'run_date', runDate, async (client) => {
      const chunk = 2_000;
      for (let i = 0; i < rows.length; i += chunk) {
        const part = rows.slice(i, i + chunk);
        await client.query(
          `INSERT INTO volume_forecasts (run_date, scope, team, provider, model, method, history_days,
             interval_level, mape_pct,
             confidence, tokens_3m, tokens_12m, tokens_36m, months, notes, fitted_on)
           SELECT $1::date, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
             $7::int4[], $8::numeric[],
             $9::numeric[], $10::text[], $11::numeric[], $12::numeric[], $13::numeric[], $14::jsonb[], $15::jsonb[],
             $16::date[])`,
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
            part.map((r) =>
              JSON.stringify(
                r.months.map((m) => ({
                  month: m.month,
                  tokens: Math.round(m.tokens),
                  lower: Math.round(m.lower),
                  upper: Math.round(m.upper),
                })),
              ),
            ),
            part.map((r) => JSON.stringify(r.notes)),
            part.map((r) => r.fittedOn ?? runDate),
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

  async forNight(runDate: string, scope?: 'team-model' | 'team'): Promise<VolumeForecastRow[]> {
    const { rows } = await this.db.query<Record<string, unknown>>(
      `SELECT scope, team, provider, model, method, history_days, interval_level, mape_pct, confidence,
         tokens_3m, tokens_12m,
              tokens_36m, months, notes, to_char(coalesce(fitted_on, run_date), 'YYYY-MM-DD') AS fitted_on
       FROM volume_forecasts WHERE run_date = $1::date AND ($2::text IS NULL OR scope = $2)`,
      [runDate, scope ?? null],
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
    }));
  }
}
