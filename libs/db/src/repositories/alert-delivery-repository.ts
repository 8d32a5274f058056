// alert_deliveries: each message to a destination once it was delivered or dead-lettered after its
// last try (keyed by the job id, so a retried job never records twice). Also the per-destination
// count of recent messages the dispatcher's rate limit reads.
import { Injectable } from '@nestjs/common';
import { DatabasePool } from '../client/database-pool';

export interface AlertDeliveryRow {
  destinationId: string;
  jobId: string;
  status: 'delivered' | 'dead-letter' | 'rate-limited';
  attempts: number;
  describe: string;
  lastError: string | null;
  body: string;
  at?: string;
}

@Injectable()
export class AlertDeliveryRepository {
  constructor(private readonly db: DatabasePool) {}

  async record(row: AlertDeliveryRow): Promise<void> {
    await this.db.query(
      `INSERT INTO alert_deliveries (destination_id, job_id, status, attempts, describe, last_error, body)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (job_id) DO UPDATE SET status = EXCLUDED.status, attempts = EXCLUDED.attempts,
         last_error = EXCLUDED.last_error, at = now()`,
      [row.destinationId, row.jobId, row.status, row.attempts, row.describe, row.lastError, row.body],
    );
  }

  /** Messages delivered to, or still owed to, a destination since `since` (the rate limit's window). */
  async countSince(destinationId: string, since: Date): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM alert_deliveries WHERE destination_id = $1 AND at >= $2',
      [destinationId, since],
    );
    return rows[0].n;
  }

  async list(filter: { destinationIds?: string[]; status?: string; limit?: number }): Promise<AlertDeliveryRow[]> {
    const { rows } = await this.db.query<AlertDeliveryRow>(
      `SELECT destination_id AS "destinationId", job_id AS "jobId", status, attempts, describe,
              last_error AS "lastError", body, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at
       FROM alert_deliveries
       WHERE ($1::uuid[] IS NULL OR destination_id = ANY($1::uuid[])) AND ($2::text IS NULL OR status = $2)
       ORDER BY id DESC LIMIT $3`,
      [filter.destinationIds ?? null, filter.status ?? null, filter.limit ?? 200],
    );
    return rows;
  }
}
