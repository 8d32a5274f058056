// Month-to-date spend rows (team × project, and team × API key) folded into the scopes budgets are
// set on: a team's total (every project, and records without one), each named project, each key.
import { type Budget, type BudgetStatus, budgetStatus, type MonthSpend } from './budget-status';

export interface ScopeSpend extends MonthSpend {
  team: string;
  /** "" for records without a project. */
  project: string;
  /** Set on a key's row: it counts for that key's budget only (the team's rows already hold its spend). */
  apiKeyId?: string | null;
}

/** `team` for the whole team, `team` + NUL + `project` for one project, `team` + SOH + key id for a key. */
export function scopeKey(team: string, project: string | null, apiKeyId?: string | null): string {
  if (apiKeyId) return `${team}\u0001${apiKeyId}`;
  return project ? `${team}\u0000${project}` : team;
}

/** The scope key of a budget. */
export const budgetScopeKey = (budget: Pick<Budget, 'team' | 'project' | 'apiKeyId'>) =>
  scopeKey(budget.team, budget.project, budget.apiKeyId);

export function spendByScope(rows: readonly ScopeSpend[]): Map<string, MonthSpend> {
  const scopes = new Map<string, MonthSpend>();
  const add = (key: string, row: MonthSpend) => {
    const total = scopes.get(key);
    const since = earliest(total?.since, row.since);
    scopes.set(key, {
      usd: (total?.usd ?? 0) + row.usd,
      tokens: (total?.tokens ?? 0) + row.tokens,
      unpricedRecords: (total?.unpricedRecords ?? 0) + (row.unpricedRecords ?? 0),
      ...(since ? { since } : {}),
    });
  };
  for (const row of rows) {
    if (row.apiKeyId) {
      add(scopeKey(row.team, null, row.apiKeyId), row);
      continue;
    }
    add(scopeKey(row.team, null), row);
    if (row.project) add(scopeKey(row.team, row.project), row);
  }
  return scopes;
}

/** Each budget's status from the month's spend rows. */
export function budgetStatuses(
  budgets: readonly Budget[],
  rows: readonly ScopeSpend[],
  now: Date,
): Array<{ budget: Budget; status: BudgetStatus }> {
  const scopes = spendByScope(rows);
  return budgets.map((budget) => ({
    budget,
    status: budgetStatus(budget, scopes.get(budgetScopeKey(budget)) ?? { usd: 0, tokens: 0 }, now),
  }));
}

/** The earlier of two first-spend times (a scope's rows each know their own). */
function earliest(a: Date | null | undefined, b: Date | null | undefined): Date | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return a.getTime() <= b.getTime() ? a : b;
}
