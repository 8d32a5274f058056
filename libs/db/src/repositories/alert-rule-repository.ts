// alert_rules: teams' own thresholds; kinds without a row use the planner's defaults.
import { Injectable } from '@nestjs/common';
import { DatabasePool } from '../client/database-pool';

export interface AlertRuleRow {
  team: string;
  kind: string;
  threshold: number;
  hysteresis: number;
  enabled: boolean;
}

@Injectable()
export class AlertRuleRepository {
  constructor(private readonly db: DatabasePool) {}

  async all(): Promise<AlertRuleRow[]> {
    const { rows } = await this.db.query<Record<string, unknown>>(
      'SELECT team, kind, threshold, hysteresis, enabled FROM alert_rules',
    );
    return rows.map((r) => ({
      team: r.team as string,
      kind: r.kind as string,
      threshold: Number(r.threshold),
      hysteresis: Number(r.hysteresis),
      enabled: r.enabled as boolean,
    }));
  }

  async upsert(rule: AlertRuleRow): Promise<void> {
    await this.db.query(
      `INSERT INTO alert_rules (id, team, kind, threshold, hysteresis, enabled) VALUES (gen_random_uuid(), $1,
         $2, $3, $4, $5)
       ON CONFLICT (team, kind) DO UPDATE SET threshold = EXCLUDED.threshold, hysteresis =
         EXCLUDED.hysteresis, enabled = EXCLUDED.enabled`,
      [rule.team, rule.kind, rule.threshold, rule.hysteresis, rule.enabled],
    );
  }
}
