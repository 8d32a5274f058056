// alert_rules: alert rules as data, a team's own or the organization's (team '*'); kinds without a
// row use the planner's defaults. Every change is written with its audit row in one transaction.
import { Injectable } from '@nestjs/common';
import { DatabasePool } from '../client/database-pool';
import { AlertConfigAuditRepository, AuditActor } from './alert-config-audit-repository';

export interface AlertRuleRow {
  team: string;
  kind: string;
  threshold: number;
  hysteresis: number;
  enabled: boolean;
  cooldownDays?: number;
  mutedUntil?: string | null;
}

export interface StoredAlertRule extends Required<AlertRuleRow> {
  id: string;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = `id, team, kind, threshold::float8 AS threshold, hysteresis::float8 AS hysteresis, enabled,
  cooldown_days AS "cooldownDays", to_char(muted_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
  AS "mutedUntil",
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt",
  to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "updatedAt"`;

export class AlertRuleExistsError extends Error {}

@Injectable()
export class AlertRuleRepository {
  constructor(
    private readonly db: DatabasePool,
    private readonly audit: AlertConfigAuditRepository,
  ) {}

  async all(): Promise<StoredAlertRule[]> {
    return this.list();
  }

  async list(team?: string): Promise<StoredAlertRule[]> {
    const { rows } = await this.db.query<StoredAlertRule>(
      `SELECT ${COLUMNS} FROM alert_rules WHERE ($1::text IS NULL OR team = $1) ORDER BY team, kind`,
      [team ?? null],
    );
    return rows;
  }

  async byId(id: string): Promise<StoredAlertRule | null> {
    if (!UUID.test(id)) return null;
    const { rows } = await this.db.query<StoredAlertRule>(`SELECT ${COLUMNS} FROM alert_rules WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Inserts or replaces the (team, kind) rule without an audit row (seeding and tests). */
  async upsert(rule: AlertRuleRow): Promise<void> {
    await this.db.query(
      `INSERT INTO alert_rules (id, team, kind, threshold, hysteresis, enabled, cooldown_days, muted_until)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7::timestamptz)
       ON CONFLICT (team, kind) DO UPDATE SET threshold = EXCLUDED.threshold, hysteresis = EXCLUDED.hysteresis,
         enabled = EXCLUDED.enabled, cooldown_days = EXCLUDED.cooldown_days, muted_until = EXCLUDED.muted_until,
         updated_at = now()`,
      [
        rule.team,
        rule.kind,
        rule.threshold,
        rule.hysteresis,
        rule.enabled,
        rule.cooldownDays ?? 0,
        rule.mutedUntil ?? null,
      ],
    );
  }

  async create(rule: Required<AlertRuleRow>, actor: AuditActor): Promise<StoredAlertRule> {
    return this.db.transaction(async (client) => {
      const { rows } = await client.query<StoredAlertRule>(
        `INSERT INTO alert_rules (id, team, kind, threshold, hysteresis, enabled, cooldown_days, muted_until)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7::timestamptz)
         ON CONFLICT (team, kind) DO NOTHING RETURNING ${COLUMNS}`,
        [rule.team, rule.kind, rule.threshold, rule.hysteresis, rule.enabled, rule.cooldownDays, rule.mutedUntil],
      );
      if (!rows[0]) throw new AlertRuleExistsError(`team "${rule.team}" already has a ${rule.kind} rule`);
      await this.audit.record(
        client,
        actor,
        { entity: 'rule', id: rows[0].id, team: rule.team, action: 'create' },
        null,
        rows[0],
      );
      return rows[0];
    });
  }

  /** Applies `changes` to the rule; `action` says what the audit records (update or mute). */
  async update(
    id: string,
    changes: Partial<Omit<AlertRuleRow, 'team' | 'kind'>>,
    actor: AuditActor,
    action: 'update' | 'mute' = 'update',
  ): Promise<StoredAlertRule | null> {
    return this.db.transaction(async (client) => {
      const { rows: before } = await client.query<StoredAlertRule>(
        `SELECT ${COLUMNS} FROM alert_rules WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!before[0]) return null;
      const next = { ...before[0], ...changes };
      const { rows } = await client.query<StoredAlertRule>(
        `UPDATE alert_rules SET threshold = $2, hysteresis = $3, enabled = $4, cooldown_days = $5,
           muted_until = $6::timestamptz, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, next.threshold, next.hysteresis, next.enabled, next.cooldownDays, next.mutedUntil],
      );
      await this.audit.record(client, actor, { entity: 'rule', id, team: next.team, action }, before[0], rows[0]);
      return rows[0];
    });
  }

  async delete(id: string, actor: AuditActor): Promise<StoredAlertRule | null> {
    return this.db.transaction(async (client) => {
      const { rows } = await client.query<StoredAlertRule>(
        `DELETE FROM alert_rules WHERE id = $1 RETURNING ${COLUMNS}`,
        [id],
      );
      if (!rows[0]) return null;
      await this.audit.record(
        client,
        actor,
        { entity: 'rule', id, team: rows[0].team, action: 'delete' },
        rows[0],
        null,
      );
      return rows[0];
    });
  }
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
