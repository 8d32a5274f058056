// recommendations: each night's recommendations with their evidence; a re-run replaces the night.
import { Injectable } from '@nestjs/common';
import type { PlannedRecommendation } from '@tokenmeter/finops';
import { DatabasePool } from '../client/database-pool';
import { copyLinesInto } from '../copy/copy-lines-into';
import { copyText } from '../copy/copy-text';

/** A stored recommendation: what the planner decided (libs/finops), for a night, fingerprinted. */
export interface RecommendationRow
  extends Pick<PlannedRecommendation, 'team' | 'workload' | 'rationale' | 'inputs' | 'numbers'> {
  runDate: string;
  kind: string;
  fingerprint: string;
  announced: boolean;
  /** The organization assumptions version it was computed with (null before versions existed). */
  assumptionsVersion?: number | null;
}

export interface RecommendationFilter {
  team?: string;
  from?: string;
  to?: string;
  kind?: string;
  limit?: number;
}

@Injectable()
export class RecommendationRepository {
  constructor(private readonly db: DatabasePool) {}

  /** Fingerprints of the latest night before `runDate`, keyed `team\u0000workload`. */
  async previousFingerprints(runDate: string): Promise<Map<string, string>> {
    return this.fingerprints(
      'run_date = (SELECT max(run_date) FROM recommendations WHERE run_date < $1::date)',
      runDate,
    );
  }

  /**
   * Fingerprints of the night itself as stored before a re-run replaces it (to know what it
   * announced), keyed `team\u0000workload`: without the evidence, a few megabytes of JSON a night.
   */
  async nightFingerprints(runDate: string): Promise<Map<string, string>> {
    return this.fingerprints('run_date = $1::date', runDate);
  }

  private async fingerprints(condition: string, runDate: string): Promise<Map<string, string>> {
    const { rows } = await this.db.query<{ team: string; workload: string; fingerprint: string }>(
      `SELECT team, workload, fingerprint FROM recommendations WHERE ${condition}`,
      [runDate],
    );
    return new Map(rows.map((r) => [`${r.team}\u0000${r.workload}`, r.fingerprint]));
  }

  /** The night's rows as stored before a re-run replaces them (to know what was announced). */
  async forNight(runDate: string): Promise<RecommendationRow[]> {
    return this.list({ from: runDate, to: runDate });
  }

  /** Replaces the night's rows: one COPY, not one round trip per recommendation. */
  async replaceNight(runDate: string, rows: Omit<RecommendationRow, 'runDate'>[]): Promise<void> {
    await this.db.replaceDate('recommendations', 'run_date', runDate, (client) =>
      copyLinesInto(
        client,
        `COPY recommendations (run_date, team, workload, kind, fingerprint, announced, rationale, inputs, numbers,
           assumptions_version) FROM STDIN`,
        rows.map(
          (r) =>
            `${runDate}\t${copyText(r.team)}\t${copyText(r.workload)}\t${copyText(r.kind)}\t` +
            `${copyText(r.fingerprint)}\t${r.announced ? 't' : 'f'}\t${copyText(r.rationale)}\t` +
            `${copyText(JSON.stringify(r.inputs))}\t${copyText(JSON.stringify(r.numbers))}\t` +
            `${r.assumptionsVersion === undefined || r.assumptionsVersion === null ? '\\N' : r.assumptionsVersion}\n`,
        ),
      ),
    );
  }

  /**
   * The night's recommendations for the alerts, whose evidence needs of the inputs only the
   * forecast's confidence: the rest of the inputs (the forecast's months, the scenario) is most of a
   * recommendation's JSON, and left out.
   */
  async nightForAlerts(runDate: string): Promise<RecommendationRow[]> {
    return this.read(
      { from: runDate, to: runDate },
      `CASE WHEN inputs->'forecast' ? 'confidence'
         THEN jsonb_build_object('forecast', jsonb_build_object('confidence', inputs->'forecast'->'confidence'))
         ELSE '{}'::jsonb END`,
    );
  }

  async list(filter: RecommendationFilter): Promise<RecommendationRow[]> {
    return this.read(filter, 'inputs');
  }

  /** `inputs`: the SQL of the inputs read, one of this file's own (never input). */
  private async read(filter: RecommendationFilter, inputs: string): Promise<RecommendationRow[]> {
    const { rows } = await this.db.query<Record<string, unknown>>(
      `SELECT to_char(run_date, 'YYYY-MM-DD') AS run_date, team, workload, kind, fingerprint, announced,
         rationale, ${inputs} AS inputs, numbers, assumptions_version
       FROM recommendations
       WHERE ($1::text IS NULL OR team = $1)
         AND run_date >= coalesce($2::date, (SELECT max(run_date) FROM recommendations))
         AND run_date <= coalesce($3::date, (SELECT max(run_date) FROM recommendations))
         AND ($4::text IS NULL OR kind = $4)
       ORDER BY run_date DESC, team, workload LIMIT $5`,
      // No limit unless asked: the nightly steps read a whole night.
      [filter.team ?? null, filter.from ?? null, filter.to ?? null, filter.kind ?? null, filter.limit ?? null],
    );
    return rows.map((r) => ({
      runDate: r.run_date as string,
      team: r.team as string,
      workload: r.workload as string,
      kind: r.kind as string,
      fingerprint: r.fingerprint as string,
      announced: r.announced as boolean,
      rationale: r.rationale as string,
      inputs: r.inputs as Record<string, unknown>,
      numbers: r.numbers as Record<string, unknown>,
      assumptionsVersion: r.assumptions_version === null ? null : Number(r.assumptions_version),
    }));
  }
}
