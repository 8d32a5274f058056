// webhook_endpoints: notification destinations (signed webhook, Slack, Teams, PagerDuty, email);
// team null = every team. Every change through the API is audited in the same transaction.
import { Injectable } from '@nestjs/common';
import { DatabasePool } from '../client/database-pool';
import { AlertConfigAuditRepository, AuditActor } from './alert-config-audit-repository';
import { UUID } from './alert-rule-repository';

export interface WebhookEndpointRow {
  id: string;
  team: string | null;
  type: string;
  name: string;
  url: string;
  secret: string;
  /** Alert kinds routed here; empty = every kind. */
  kinds: string[];
  maxPerHour: number;
  enabled: boolean;
  mutedUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

export type NewDestination = Pick<WebhookEndpointRow, 'team' | 'url' | 'secret'> &
  Partial<Pick<WebhookEndpointRow, 'type' | 'name' | 'kinds' | 'maxPerHour' | 'enabled' | 'mutedUntil'>>;

const COLUMNS = `id, team, type, name, url, secret, coalesce(kinds, '{}')::text[] AS kinds,
  max_per_hour AS "maxPerHour", enabled, to_char(muted_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
  AS "mutedUntil",
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt",
  to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "updatedAt"`;

@Injectable()
export class WebhookEndpointRepository {
  constructor(
    private readonly db: DatabasePool,
    private readonly audit: AlertConfigAuditRepository,
  ) {}

  /** Enabled destinations a team's alert of `kind` goes to (muting is the dispatcher's decision). */
  async forTeam(team: string, kind?: string): Promise<WebhookEndpointRow[]> {
    const { rows } = await this.db.query<WebhookEndpointRow>(
      `SELECT ${COLUMNS} FROM webhook_endpoints
       WHERE enabled AND (team IS NULL OR team = $1 OR $1 = '*')
         AND ($2::text IS NULL OR coalesce(cardinality(kinds), 0) = 0 OR $2 = ANY(kinds))
       ORDER BY created_at, id`,
      [team, kind ?? null],
    );
    return rows;
  }

  async list(team?: string): Promise<WebhookEndpointRow[]> {
    const { rows } = await this.db.query<WebhookEndpointRow>(
      `SELECT ${COLUMNS} FROM webhook_endpoints WHERE ($1::text IS NULL OR team = $1) ORDER BY created_at, id`,
      [team ?? null],
    );
    return rows;
  }

  async byId(id: string): Promise<WebhookEndpointRow | null> {
    if (!UUID.test(id)) return null;
    const { rows } = await this.db.query<WebhookEndpointRow>(`SELECT ${COLUMNS} FROM webhook_endpoints WHERE id = $1`, [
      id,
    ]);
    return rows[0] ?? null;
  }

  /** Without an audit row (seeding and tests); the API uses createAudited. */
  async create(endpoint: NewDestination): Promise<string> {
    return (await this.insert(this.db, endpoint)).id;
  }

  async createAudited(endpoint: NewDestination, actor: AuditActor): Promise<WebhookEndpointRow> {
    return this.db.transaction(async (client) => {
      const row = await this.insert(client as { query: DatabasePool['query'] }, endpoint);
      await this.audit.record(
        client,
        actor,
        { entity: 'destination', id: row.id, team: row.team, action: 'create' },
        null,
        row,
      );
      return row;
    });
  }

  private async insert(db: { query: DatabasePool['query'] }, e: NewDestination): Promise<WebhookEndpointRow> {
    const { rows } = await db.query<WebhookEndpointRow>(
      `INSERT INTO webhook_endpoints (id, team, type, name, url, secret, kinds, max_per_hour, enabled, muted_until)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6::varchar[], $7, $8, $9::timestamptz) RETURNING ${COLUMNS}`,
      [
        e.team,
        e.type ?? 'webhook',
        e.name ?? '',
        e.url,
        e.secret,
        e.kinds ?? [],
        e.maxPerHour ?? 20,
        e.enabled ?? true,
        e.mutedUntil ?? null,
      ],
    );
    return rows[0];
  }

  async update(
    id: string,
    changes: Partial<
      Pick<WebhookEndpointRow, 'name' | 'url' | 'secret' | 'kinds' | 'maxPerHour' | 'enabled' | 'mutedUntil'>
    >,
    actor: AuditActor,
    action: 'update' | 'mute' = 'update',
  ): Promise<WebhookEndpointRow | null> {
    return this.db.transaction(async (client) => {
      const { rows: before } = await client.query<WebhookEndpointRow>(
        `SELECT ${COLUMNS} FROM webhook_endpoints WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!before[0]) return null;
      const n = { ...before[0], ...changes };
      const { rows } = await client.query<WebhookEndpointRow>(
        `UPDATE webhook_endpoints SET name = $2, url = $3, secret = $4, kinds = $5::varchar[], max_per_hour = $6,
           enabled = $7, muted_until = $8::timestamptz, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, n.name, n.url, n.secret, n.kinds, n.maxPerHour, n.enabled, n.mutedUntil],
      );
      await this.audit.record(client, actor, { entity: 'destination', id, team: n.team, action }, before[0], rows[0]);
      return rows[0];
    });
  }

  async delete(id: string, actor: AuditActor): Promise<WebhookEndpointRow | null> {
    return this.db.transaction(async (client) => {
      const { rows } = await client.query<WebhookEndpointRow>(
        `DELETE FROM webhook_endpoints WHERE id = $1 RETURNING ${COLUMNS}`,
        [id],
      );
      if (!rows[0]) return null;
      await this.audit.record(
        client,
        actor,
        { entity: 'destination', id, team: rows[0].team, action: 'delete' },
        rows[0],
        null,
      );
      return rows[0];
    });
  }
}
