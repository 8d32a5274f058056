// budgets and budget_threshold_firings. A firing row is written before its alert, with ON CONFLICT
// DO NOTHING: only the writer that inserts it alerts, so a threshold alerts once per month however
// many times, on however many workers, the evaluation runs.
import { Injectable } from '@nestjs/common';
import type { Budget } from '@tokenmeter/finops';
import { DatabasePool } from '../client/database-pool';
import type { SqlExecutor } from '../client/sql-executor';

/** A stored budget: the domain's budget (libs/finops), its key always read (null when none), and when it was set. */
export interface BudgetRow extends Budget {
  apiKeyId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface BudgetInput {
  team: string;
  project: string | null;
  /** A key budget: the key's records only (absent or null: the team's or project's records). */
  apiKeyId?: string | null;
  unit: 'usd' | 'tokens';
  /** Decimal string with at most 6 decimal places. */
  amount: string;
  hardLimit: boolean;
}

export interface BudgetFiringInput {
  budgetId: string;
  /** `YYYY-MM-01`. */
  month: string;
  basis: 'actual' | 'projected';
  percent: number;
  value: number;
}

const COLUMNS = `id, team, nullif(project, '') AS project, nullif(api_key_id, '') AS "apiKeyId", unit,
  amount::float8 AS amount, hard_limit AS "hardLimit",
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
  to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"`;

@Injectable()
export class BudgetRepository {
  constructor(private readonly db: DatabasePool) {}

  async list(team?: string): Promise<BudgetRow[]> {
    const { rows } = await this.db.query<BudgetRow>(
      `SELECT ${COLUMNS} FROM budgets WHERE ($1::text IS NULL OR team = $1) ORDER BY team, project, api_key_id`,
      [team ?? null],
    );
    return rows;
  }

  async find(id: string): Promise<BudgetRow | null> {
    const { rows } = await this.db.query<BudgetRow>(`SELECT ${COLUMNS} FROM budgets WHERE id = $1::uuid`, [id]);
    return rows[0] ?? null;
  }

  /**
   * One budget per team, project and key. Setting it again with another amount, unit or hard limit replaces it:
   * a new budget (a new id) whose thresholds alert of their own, as a deleted and re-created one does; the old
   * one's firing rows go with it. Setting the same figures again changes nothing (a PUT is idempotent).
   */
  async upsert(input: BudgetInput): Promise<BudgetRow> {
    const values = [input.team, input.project ?? '', input.apiKeyId ?? '', input.unit, input.amount, input.hardLimit];
    return this.db.transaction(async (client) => {
      const { rows: existing } = await client.query<{ id: string; same: boolean }>(
        `SELECT id, (unit, amount, hard_limit) = ($4, $5::numeric, $6) AS same FROM budgets
         WHERE team = $1 AND project = $2 AND api_key_id = $3 FOR UPDATE`,
        values,
      );
      const old = existing[0];
      if (old?.same)
        return (await client.query<BudgetRow>(`SELECT ${COLUMNS} FROM budgets WHERE id = $1`, [old.id])).rows[0]!;
      if (old) {
        await client.query('DELETE FROM budget_threshold_firings WHERE budget_id = $1::uuid', [old.id]);
        await client.query('DELETE FROM budgets WHERE id = $1::uuid', [old.id]);
      }
      const { rows } = await client.query<BudgetRow>(
        `INSERT INTO budgets (id, team, project, api_key_id, unit, amount, hard_limit)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5::numeric, $6) RETURNING ${COLUMNS}`,
        values,
      );
      return rows[0]!;
    });
  }

  async delete(id: string): Promise<boolean> {
    return this.db.transaction(async (client) => {
      await client.query('DELETE FROM budget_threshold_firings WHERE budget_id = $1::uuid', [id]);
      const { rowCount } = await client.query('DELETE FROM budgets WHERE id = $1::uuid', [id]);
      return (rowCount ?? 0) > 0;
    });
  }

  /** `basis:percent` of every threshold fired for each budget in `month`. */
  async firedThresholds(month: string): Promise<Map<string, Set<string>>> {
    const { rows } = await this.db.query<{ budgetId: string; basis: string; percent: number }>(
      `SELECT budget_id AS "budgetId", basis, percent FROM budget_threshold_firings WHERE month = $1::date`,
      [month],
    );
    const fired = new Map<string, Set<string>>();
    for (const row of rows) {
      const set = fired.get(row.budgetId) ?? new Set<string>();
      set.add(`${row.basis}:${row.percent}`);
      fired.set(row.budgetId, set);
    }
    return fired;
  }

  /** True when this call recorded the firing (it is new); false when it had already fired. */
  async recordFiring(firing: BudgetFiringInput, executor: SqlExecutor = this.db): Promise<boolean> {
    const { rowCount } = await executor.query(
      `INSERT INTO budget_threshold_firings (budget_id, month, basis, percent, value)
       VALUES ($1::uuid, $2::date, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [firing.budgetId, firing.month, firing.basis, firing.percent, firing.value],
    );
    return (rowCount ?? 0) > 0;
  }
}
