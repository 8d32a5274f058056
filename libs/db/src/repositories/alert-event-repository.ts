// alert_events: every fired/resolved transition, and the current-state table alerts derived from
// it. A re-run of a night replaces the transitions the nightly evaluation made that night
// (job-failed transitions, recorded as jobs fail, are left alone) and re-derives the state; it
// never adds a second transition for the same night.
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DatabasePool } from '../client/database-pool';

export interface AlertKey {
  team: string;
  kind: string;
  subject: string;
}

export interface AlertEventRow extends AlertKey {
  runDate: string;
  transition: 'fired' | 'resolved';
  value: number | null;
  threshold: number | null;
  message: string;
  evidence: Record<string, unknown>;
}

export interface AlertStateRow extends AlertKey {
  state: 'firing' | 'resolved';
  value: number | null;
  threshold: number | null;
  message: string;
  firedOn: string | null;
  resolvedOn: string | null;
}

export const alertKey = (k: AlertKey) => `${k.team}\u0000${k.kind}\u0000${k.subject}`;

/**
 * Recorded outside the nightly evaluation: when a job exhausts its retries or later succeeds, when a
 * budget threshold is crossed, when a day's spend leaves its forecast interval.
 */
const OUT_OF_BAND_KINDS = ['job-failed', 'budget-threshold', 'spend-anomaly'];

@Injectable()
export class AlertEventRepository {
  constructor(private readonly db: DatabasePool) {}

  /** Each alert's state as of the end of the night before `runDate` (from its last transition). */
  async statesBefore(runDate: string): Promise<Map<string, 'firing' | 'resolved'>> {
    const { rows } = await this.db.query<{ team: string; kind: string; subject: string; transition: string }>(
      `SELECT DISTINCT ON (team, kind, subject) team, kind, subject, transition
       FROM alert_events WHERE run_date < $1::date ORDER BY team, kind, subject, run_date DESC, created_at DESC`,
      [runDate],
    );
    return new Map(rows.map((r) => [alertKey(r), r.transition === 'fired' ? 'firing' : 'resolved']));
  }

  /** The last night before `runDate` each alert resolved on (the cooldown before it may fire again). */
  async lastResolvedBefore(runDate: string): Promise<Map<string, string>> {
    const { rows } = await this.db.query<{ team: string; kind: string; subject: string; day: string }>(
      `SELECT team, kind, subject, to_char(max(run_date), 'YYYY-MM-DD') AS day FROM alert_events
       WHERE run_date < $1::date AND transition = 'resolved' GROUP BY team, kind, subject`,
      [runDate],
    );
    return new Map(rows.map((r) => [alertKey(r), r.day]));
  }

  async forNight(runDate: string): Promise<AlertEventRow[]> {
    return this.list({ from: runDate, to: runDate });
  }

  /**
   * Makes the night's transitions exactly `events`, keeping identical rows, and re-derives the
   * alerts table. Returns the transitions that are new (to deliver); unchanged ones are not.
   */
  async replaceNight(runDate: string, events: AlertEventRow[]): Promise<AlertEventRow[]> {
    return this.db.transaction(async (client) => {
      const { rows: existing } = await client.query<{
        team: string;
        kind: string;
        subject: string;
        transition: string;
      }>(
        'SELECT team, kind, subject, transition FROM alert_events ' +
          'WHERE run_date = $1::date AND kind <> ALL($2::text[])',
        [runDate, OUT_OF_BAND_KINDS],
      );
      const had = new Map(existing.map((r) => [alertKey(r), r.transition]));
      const wanted = new Map(events.map((e) => [alertKey(e), e.transition]));
      for (const r of existing) {
        if (wanted.get(alertKey(r)) !== r.transition) {
          await client.query(
            'DELETE FROM alert_events WHERE team = $1 AND kind = $2 AND subject = $3 ' +
              'AND run_date = $4::date AND transition = $5',
            [r.team, r.kind, r.subject, runDate, r.transition],
          );
        }
      }
      const fresh: AlertEventRow[] = [];
      for (const e of events) {
        if (had.get(alertKey(e)) === e.transition) continue;
        fresh.push(e);
        await this.upsertEvent(client, e);
      }
      await this.rederive(client);
      return fresh;
    });
  }

  /**
   * Records `event` in the same transaction as `decide` (another table's write that says whether it is new, such
   * as a budget threshold's firing row), and only when `decide` answers true: both or neither, so a crash between
   * them cannot leave a firing without its alert. True when recorded.
   */
  async recordIf(event: AlertEventRow, decide: (client: PoolClient) => Promise<boolean>): Promise<boolean> {
    return this.db.transaction(async (client) => {
      if (!(await decide(client))) return false;
      await this.upsertEvent(client, event);
      await this.rederive(client);
      return true;
    });
  }

  /**
   * The outbox: transitions recorded and not yet delivered, oldest first, locked for this transaction (a second
   * worker skips them); `send` delivers them, and they are marked delivered when it returns. A crash before
   * that leaves them to the next run: an alert may go out twice (its jobs and messages carry its key), never
   * not at all.
   */
  async deliverUndelivered(send: (events: AlertEventRow[]) => Promise<void>, limit = 1_000): Promise<AlertEventRow[]> {
    return this.db.transaction(async (client) => {
      const { rows } = await client.query<AlertEventRow>(
        `SELECT team, kind, subject, to_char(run_date, 'YYYY-MM-DD') AS "runDate", transition, value::float8 AS value,
                threshold::float8 AS threshold, message, evidence
         FROM alert_events WHERE delivered_at IS NULL
         ORDER BY created_at, team, kind, subject LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return [];
      await send(rows);
      await client.query(
        `UPDATE alert_events e SET delivered_at = now()
         FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[])
           AS k(team, kind, subject, day, transition)
         WHERE (e.team, e.kind, e.subject, e.run_date, e.transition)
             = (k.team, k.kind, k.subject, k.day, k.transition)`,
        [
          rows.map((r) => r.team),
          rows.map((r) => r.kind),
          rows.map((r) => r.subject),
          rows.map((r) => r.runDate),
          rows.map((r) => r.transition),
        ],
      );
      return rows;
    });
  }

  /**
   * Records one transition outside the nightly evaluation (a failing job); true when it is new. `send: false`
   * records it as delivered, so the outbox never sends it (a resolution nobody needs to be told about);
   * `firesOnce`: a subject that has ever fired does not fire again (a day's anomaly, judged again later).
   */
  async recordOne(event: AlertEventRow, options: { send?: boolean; firesOnce?: boolean } = {}): Promise<boolean> {
    return this.db.transaction(async (client) => {
      const { rows } = await client.query<{ transition: string; fired: boolean }>(
        `SELECT transition, EXISTS (SELECT 1 FROM alert_events f WHERE f.team = $1 AND f.kind = $2 AND f.subject = $3
                  AND f.transition = 'fired') AS fired
         FROM alert_events WHERE team = $1 AND kind = $2 AND subject = $3
         ORDER BY run_date DESC, created_at DESC LIMIT 1`,
        [event.team, event.kind, event.subject],
      );
      if ((rows[0]?.transition ?? 'resolved') === event.transition) return false;
      if (options.firesOnce && event.transition === 'fired' && rows[0]?.fired) return false;
      await this.upsertEvent(client, event, options.send ?? true);
      await this.rederive(client);
      return true;
    });
  }

  private async upsertEvent(client: PoolClient, e: AlertEventRow, send = true): Promise<void> {
    await client.query(
      `INSERT INTO alert_events (team, kind, subject, run_date, transition, value, threshold, message, evidence,
         delivered_at)
       VALUES ($1, $2, $3, $4::date, $5, $6, $7, $8, $9::jsonb, CASE WHEN $10::boolean THEN NULL ELSE now() END)
       ON CONFLICT (team, kind, subject, run_date, transition) DO UPDATE SET value = EXCLUDED.value,
         threshold = EXCLUDED.threshold, message = EXCLUDED.message, evidence = EXCLUDED.evidence, created_at = now(),
         delivered_at = EXCLUDED.delivered_at`,
      [
        e.team,
        e.kind,
        e.subject,
        e.runDate,
        e.transition,
        e.value,
        e.threshold,
        e.message,
        JSON.stringify(e.evidence),
        send,
      ],
    );
  }

  /** alerts = the last transition of each alert (current state), with when it last fired/resolved. */
  private async rederive(client: PoolClient): Promise<void> {
    await client.query('DELETE FROM alerts');
    await client.query(
      `INSERT INTO alerts (team, kind, subject, state, value, threshold, message, fired_on, resolved_on, updated_at)
       SELECT DISTINCT ON (e.team, e.kind, e.subject) e.team, e.kind, e.subject,
              CASE WHEN e.transition = 'fired' THEN 'firing' ELSE 'resolved' END, e.value, e.threshold, e.message,
              (SELECT max(run_date) FROM alert_events f WHERE (f.team, f.kind, f.subject) = (e.team, e.kind,
                e.subject) AND f.transition = 'fired'),
              CASE WHEN e.transition = 'resolved' THEN e.run_date END, now()
       FROM alert_events e ORDER BY e.team, e.kind, e.subject, e.run_date DESC, e.created_at DESC`,
    );
  }

  async list(filter: { team?: string; from?: string; to?: string; limit?: number }): Promise<AlertEventRow[]> {
    // Numbers come back as float8 and columns under their field names, so rows are the result as is.
    const { rows } = await this.db.query<AlertEventRow>(
      `SELECT team, kind, subject, to_char(run_date, 'YYYY-MM-DD') AS "runDate", transition, value::float8 AS value,
              threshold::float8 AS threshold, message, evidence
       FROM alert_events
       WHERE ($1::text IS NULL OR team = $1) AND ($2::date IS NULL OR run_date >= $2::date) AND ($3::date IS
         NULL OR run_date <= $3::date)
       ORDER BY run_date DESC, created_at DESC, team, kind, subject LIMIT $4`,
      [filter.team ?? null, filter.from ?? null, filter.to ?? null, filter.limit ?? null],
    );
    return rows;
  }

  /** The alerts of `kind` firing now, each with the evidence of the transition that fired it. */
  async firingWithEvidence(kind: string): Promise<Array<AlertStateRow & { evidence: Record<string, unknown> }>> {
    const { rows } = await this.db.query<AlertStateRow & { evidence: Record<string, unknown> }>(
      `SELECT a.team, a.kind, a.subject, a.state, a.value::float8 AS value, a.threshold::float8 AS threshold, a.message,
              to_char(a.fired_on, 'YYYY-MM-DD') AS "firedOn", to_char(a.resolved_on, 'YYYY-MM-DD') AS "resolvedOn",
              coalesce(e.evidence, '{}'::jsonb) AS evidence
       FROM alerts a
       LEFT JOIN LATERAL (SELECT f.evidence FROM alert_events f
                          WHERE (f.team, f.kind, f.subject) = (a.team, a.kind, a.subject) AND f.transition = 'fired'
                          ORDER BY f.run_date DESC, f.created_at DESC LIMIT 1) e ON true
       WHERE a.kind = $1 AND a.state = 'firing' ORDER BY a.team, a.subject`,
      [kind],
    );
    return rows;
  }

  async currentStates(team?: string): Promise<AlertStateRow[]> {
    const { rows } = await this.db.query<AlertStateRow>(
      `SELECT team, kind, subject, state, value::float8 AS value, threshold::float8 AS threshold, message,
              to_char(fired_on, 'YYYY-MM-DD') AS "firedOn", to_char(resolved_on, 'YYYY-MM-DD') AS "resolvedOn"
       FROM alerts WHERE ($1::text IS NULL OR team = $1) ORDER BY team, kind, subject`,
      [team ?? null],
    );
    return rows;
  }
}
