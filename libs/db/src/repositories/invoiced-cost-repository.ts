// invoiced_costs: provider cost exports as imported, and the metered side to compare them with (cost per
// day × provider × model: closed days from the daily rollups plus their late rows, other days raw). An import
// replaces its provider's days in one transaction, so a file imported twice, or a corrected export, counts
// nothing twice.
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { InvoicedLine, MeteredLine, ReconciliationProvider } from '@tokenmeter/finops';
import { DatabasePool } from '../client/database-pool';
import { presentParts, rollupAndRawParts } from './rollup-and-raw';

export interface InvoicedImport {
  importId: string;
  provider: ReconciliationProvider;
  lines: number;
  /** First and last day the export covers; null when it had no lines. */
  from: string | null;
  to: string | null;
}

@Injectable()
export class InvoicedCostRepository {
  constructor(private readonly db: DatabasePool) {}

  async replaceImport(provider: ReconciliationProvider, lines: readonly InvoicedLine[]): Promise<InvoicedImport> {
    const importId = randomUUID();
    const days = [...new Set(lines.map((l) => l.day))].sort();
    await this.db.transaction(async (client) => {
      await client.query('DELETE FROM invoiced_costs WHERE provider = $1 AND day = ANY($2::date[])', [provider, days]);
      for (const l of lines) {
        await client.query(
          `INSERT INTO invoiced_costs (import_id, day, provider, model, service_tier, context_window, token_type,
             description, cost_usd)
           VALUES ($1, $2::date, $3, $4, $5, $6, $7, $8, $9::numeric)`,
          [
            importId,
            l.day,
            provider,
            l.model ?? '',
            l.serviceTier,
            l.contextWindow,
            l.tokenType,
            l.description?.slice(0, 500) ?? null,
            l.costUsd,
          ],
        );
      }
    });
    return { importId, provider, lines: lines.length, from: days[0] ?? null, to: days.at(-1) ?? null };
  }

  /** Invoiced lines of days [from, to) (dates), optionally of one provider. */
  async invoiced(from: string, to: string, provider?: string): Promise<InvoicedLine[]> {
    const { rows } = await this.db.query<Record<string, string | null>>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, provider, model, service_tier, context_window, token_type,
              description, cost_usd::text AS cost
       FROM invoiced_costs WHERE day >= $1::date AND day < $2::date AND ($3::text IS NULL OR provider = $3)
       ORDER BY day, provider, model, id`,
      [from, to, provider ?? null],
    );
    return rows.map((r) => ({
      day: r.day!,
      provider: r.provider as ReconciliationProvider,
      model: r.model === '' ? null : r.model,
      serviceTier: r.service_tier,
      contextWindow: r.context_window,
      tokenType: r.token_type,
      description: r.description,
      costUsd: r.cost!,
    }));
  }

  /**
   * What TokenMeter metered over the same days: cost per day × provider × model, each closed day from its
   * rollup plus its late rows and other days from raw rows (rollup-and-raw.ts), as the read API has it; and
   * the part of it sent at the priority service tier (read from the records: the rollups keep no tier), which
   * Anthropic's cost report leaves out.
   */
  async metered(from: string, to: string, provider?: string): Promise<MeteredLine[]> {
    const params: unknown[] = [provider ?? null];
    const param = (value: unknown) => `$${params.push(value)}`;
    const range = { from: new Date(`${from}T00:00:00Z`), to: new Date(`${to}T00:00:00Z`) };
    const parts = await rollupAndRawParts(this.db, range, param, {
      rollup: (days) =>
        `SELECT day, provider, model, cost_usd AS cost, unpriced_records AS unpriced FROM usage_rollups_daily
         WHERE day = ANY(${days}::date[]) AND provider <> 'self-hosted' AND ($1::text IS NULL OR provider = $1)`,
      raw: `(u.time AT TIME ZONE 'UTC')::date AS day, u.provider, u.model, u.cost_usd AS cost,
            CASE WHEN u.cost_usd IS NULL THEN 1 ELSE 0 END AS unpriced`,
      where: ` AND u.provider <> 'self-hosted' AND ($1::text IS NULL OR u.provider = $1)`,
    });
    const [totals, priority] = await Promise.all([
      this.db.query<{ day: string; provider: string; model: string; cost: string; unpriced: string }>(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, provider, model, coalesce(sum(cost), 0)::text AS cost,
                sum(unpriced)::text AS unpriced
         FROM (${presentParts(parts).join('\n UNION ALL\n')}) metered
         GROUP BY 1, provider, model ORDER BY 1, provider, model`,
        params,
      ),
      this.db.query<{ day: string; provider: string; model: string; cost: string }>(
        `SELECT to_char(date_trunc('day', time, 'UTC'), 'YYYY-MM-DD') AS day, provider, model,
                coalesce(sum(cost_usd), 0)::text AS cost
         FROM usage_records
         WHERE time >= ($1::date AT TIME ZONE 'UTC') AND time < ($2::date AT TIME ZONE 'UTC')
           AND service_tier = 'priority' AND ($3::text IS NULL OR provider = $3)
         GROUP BY 1, provider, model`,
        [from, to, provider ?? null],
      ),
    ]);
    const priorityUsd = new Map(priority.rows.map((r) => [`${r.day}|${r.provider}|${r.model}`, r.cost]));
    return totals.rows.map((r) => {
      const priorityTierUsd = priorityUsd.get(`${r.day}|${r.provider}|${r.model}`);
      return {
        day: r.day,
        provider: r.provider,
        model: r.model,
        costUsd: r.cost,
        unpricedRecords: Number(r.unpriced),
        ...(priorityTierUsd === undefined ? {} : { priorityTierUsd }),
      };
    });
  }
}
