// The figures GET /v1/budgets/status answers from, held in memory so an answer costs a map lookup
// and no query (a gateway asks before every request). Refreshed every BUDGET_STATUS_REFRESH_SECONDS
// from the month's rollups plus the raw records of days not rolled up yet, and at once when finops
// changes a budget through this instance: an answer is at most that many seconds (plus one refresh
// query) behind the last ingested record. Each instance keeps its own copy; no shared state to lose.
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { RepeatingTask, repeatEvery } from '@tokenmeter/bootstrap';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import { BudgetRepository, MonthSpendRepository } from '@tokenmeter/db';
import {
  type Budget,
  type BudgetStatus,
  budgetScopeKey,
  budgetStatus,
  type MonthSpend,
  monthStart,
  nextMonthStart,
  scopeKey,
  spendByScope,
  worseState,
} from '@tokenmeter/finops';
import { PinoLogger } from 'nestjs-pino';

interface Snapshot {
  asOf: Date;
  month: number;
  spend: Map<string, MonthSpend>;
  budgets: Map<string, Budget>;
}

export interface ScopeStatus {
  state: BudgetStatus['state'];
  spentUsd: number;
  budgetUsd: number | null;
  projectedUsd: number;
  /** API records this month with no price (the scope of the figures): their cost is in no USD figure. */
  unpricedRecords: number;
  /** When the figures were read; answers are at most BUDGET_STATUS_REFRESH_SECONDS older than that. */
  asOf: string;
  /** Every budget that applies (the project's and the team's), each with its own standing. */
  budgets: Array<BudgetStatus & { id: string; team: string; project: string | null; apiKeyId: string | null }>;
}

const NO_SPEND: MonthSpend = { usd: 0, tokens: 0 };
const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

@Injectable()
export class BudgetStatusSnapshot implements OnApplicationBootstrap, OnModuleDestroy {
  private snapshot: Snapshot | null = null;
  private refreshing: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private refresher: RepeatingTask | null = null;

  constructor(
    private readonly budgets: BudgetRepository,
    private readonly spend: MonthSpendRepository,
    private readonly logger: PinoLogger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    logger.setContext(BudgetStatusSnapshot.name);
  }

  onApplicationBootstrap(): void {
    // A failed refresh is logged by startLoad; answers keep coming from the previous figures.
    this.refresher = repeatEvery(this.config.BUDGET_STATUS_REFRESH_SECONDS, () => this.refresh());
  }

  onModuleDestroy(): void {
    this.refresher?.stop();
  }

  /**
   * Reads budgets and month-to-date spend; concurrent callers share one read. A read already under
   * way may have started before the caller's change (a budget just set), so a caller that finds one
   * waits for one more read after it (shared too): the answer it then gives includes its change.
   */
  refresh(): Promise<void> {
    if (this.refreshing === null) return this.startLoad();
    this.queued ??= this.refreshing
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.refreshing ?? this.startLoad();
      });
    return this.queued;
  }

  private startLoad(): Promise<void> {
    const loading: Promise<void> = this.load()
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'budget figures not refreshed; answering from the previous ones');
        throw error;
      })
      .finally(() => {
        if (this.refreshing === loading) this.refreshing = null;
      });
    this.refreshing = loading;
    return loading;
  }

  /**
   * The state of every budget that applies (the key's, the project's, the team's: the worst wins); the
   * figures are the most specific scope's (the key, else the project, else the team).
   */
  async status(
    team: string,
    project: string | null,
    apiKeyId: string | null = null,
    now = new Date(),
  ): Promise<ScopeStatus> {
    // A new month starts from zero: the old month's figures must not answer for it.
    if (this.snapshot === null || this.snapshot.month !== monthStart(now).getTime()) await this.refresh();
    const snapshot = this.snapshot!;
    const scopes = [
      ...(apiKeyId ? [scopeKey(team, null, apiKeyId)] : []),
      ...(project ? [scopeKey(team, project)] : []),
      scopeKey(team, null),
    ];
    const applying = scopes.flatMap((key) => {
      const budget = snapshot.budgets.get(key);
      return budget ? [{ budget, status: budgetStatus(budget, snapshot.spend.get(key) ?? NO_SPEND, now) }] : [];
    });
    // spentUsd, budgetUsd and projectedUsd are one scope's, so a gateway can compare them: the most
    // specific scope with a budget, else the most specific scope asked for.
    const figures = scopes.find((key) => snapshot.budgets.has(key)) ?? scopes[0]!;
    const own = snapshot.spend.get(figures) ?? NO_SPEND;
    const first = applying[0]?.status;
    return {
      state: applying.reduce<BudgetStatus['state']>((state, { status }) => worseState(state, status.state), 'ok'),
      spentUsd: round(own.usd, 6),
      budgetUsd: first?.budgetUsd ?? null,
      projectedUsd: round(first?.projectedUsd ?? budgetStatus(noBudget(team), own, now).projectedUsd, 6),
      unpricedRecords: own.unpricedRecords ?? 0,
      asOf: snapshot.asOf.toISOString(),
      budgets: applying.map(({ budget, status }) => ({
        id: budget.id,
        team: budget.team,
        project: budget.project,
        apiKeyId: budget.apiKeyId ?? null,
        ...status,
        projected: round(status.projected, 6),
        projectedUsd: round(status.projectedUsd, 6),
      })),
    };
  }

  /** One budget's standing (the list endpoint and the budgets page show it beside each budget). */
  async budgetStatusOf(budget: { id: string; team: string; project: string | null; apiKeyId: string | null }) {
    const scope = await this.status(budget.team, budget.project, budget.apiKeyId);
    return { asOf: scope.asOf, status: scope.budgets.find((applying) => applying.id === budget.id) ?? null };
  }

  private async load(): Promise<void> {
    const now = new Date();
    const [budgets, rows] = await Promise.all([
      this.budgets.list(),
      this.spend.byScope(monthStart(now), nextMonthStart(now)),
    ]);
    this.snapshot = {
      asOf: now,
      month: monthStart(now).getTime(),
      spend: spendByScope(rows),
      budgets: new Map(budgets.map((budget) => [budgetScopeKey(budget), budget])),
    };
  }
}

/** Only for the projection of a scope without a budget. */
function noBudget(team: string): Budget {
  return { id: '', team, project: null, unit: 'usd', amount: Number.POSITIVE_INFINITY, hardLimit: false };
}
