// Month-to-date spend rows (team × project) folded into the scopes budgets are set on: a team's
// total (every project, and records without one) and each named project.
import { type Budget, type BudgetStatus, budgetStatus, type MonthSpend } from './budget-status';

export interface ScopeSpend extends MonthSpend {
  team: string;
  /** "" for records without a project. */
  project: string;
}

/** `team` for the whole team, `team` + NUL + `project` for one project. */
export function scopeKey(team: string, project: string | null): string {
  return project ? `${team}\u0000${project}` : team;
}

export function spendByScope(rows: readonly ScopeSpend[]): Map<string, MonthSpend> {
  const scopes = new Map<string, MonthSpend>();
  const add = (key: string, row: MonthSpend) => {
    const total = scopes.get(key) ?? { usd: 0, tokens: 0 };
    scopes.set(key, { usd: total.usd + row.usd, tokens: total.tokens + row.tokens });
  };
  for (const row of rows) {
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
    status: budgetStatus(budget, scopes.get(scopeKey(budget.team, budget.project)) ?? { usd: 0, tokens: 0 }, now),
  }));
}
