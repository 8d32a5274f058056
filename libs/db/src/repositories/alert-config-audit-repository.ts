// alert_config_audit: who changed which alert rule or destination, when, and what it was before and
// after. Written in the same transaction as the change, so no change goes unrecorded.
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DatabasePool } from '../client/database-pool';

export interface AuditActor {
  /** The key's id and name (`<id> (<name>)`), or `cli`. */
  actor: string;
  role: string;
}

export interface AuditTarget {
  entity: 'rule' | 'destination';
  id: string;
  team: string | null;
  action: 'create' | 'update' | 'mute' | 'delete';
}

export interface AuditRow {
  at: string;
  actor: string;
  role: string;
  team: string | null;
  entity: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
}

/** Secrets never reach the audit trail: only whether one was set or changed. */
function redact(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const copy = { ...(value as Record<string, unknown>) };
  if ('secret' in copy) copy.secret = copy.secret ? '(set)' : '';
  return copy;
}

@Injectable()
export class AlertConfigAuditRepository {
  constructor(private readonly db: DatabasePool) {}

  async record(client: PoolClient, actor: AuditActor, target: AuditTarget, before: unknown, after: unknown) {
    await client.query(
      `INSERT INTO alert_config_audit (actor, role, team, entity, entity_id, action, before, after)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)`,
      [
        actor.actor,
        actor.role,
        target.team,
        target.entity,
        target.id,
        target.action,
        before === null ? null : JSON.stringify(redact(before)),
        after === null ? null : JSON.stringify(redact(after)),
      ],
    );
  }

  async list(filter: { team?: string; entityId?: string; limit?: number }): Promise<AuditRow[]> {
    const { rows } = await this.db.query<AuditRow>(
      `SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, actor, role, team, entity,
              entity_id AS "entityId", action, before, after
       FROM alert_config_audit
       WHERE ($1::text IS NULL OR team = $1) AND ($2::text IS NULL OR entity_id = $2)
       ORDER BY id DESC LIMIT $3`,
      [filter.team ?? null, filter.entityId ?? null, filter.limit ?? 200],
    );
    return rows;
  }
}
