// Checks every budget against its month-to-date spend and alerts each soft threshold (50/80/100% of
// the budget, on actual and on projected month-end spend) once per month. The firing row and the alert
// event are written in one transaction (budget_threshold_firings' primary key decides who alerts), then
// the outbox is delivered, so a restart, a re-run or a second worker never alerts twice, and a crash
// loses neither the record nor the delivery. Kind `budget-threshold` for the alerting rules.
import { Injectable } from '@nestjs/common';
import {
  AlertEventRepository,
  AlertEventRow,
  AlertRuleRepository,
  BudgetRepository,
  MonthSpendRepository,
} from '@tokenmeter/db';
import {
  type Budget,
  budgetStatuses,
  governanceThreshold,
  monthStart,
  nextMonthStart,
  type ThresholdCrossing,
  thresholdsToFire,
} from '@tokenmeter/finops';
import { AlertDispatcher } from './alert-dispatcher';

export const BUDGET_ALERT_KIND = 'budget-threshold' as const;

@Injectable()
export class BudgetWatch {
  constructor(
    private readonly budgets: BudgetRepository,
    private readonly spend: MonthSpendRepository,
    private readonly alertEvents: AlertEventRepository,
    private readonly rules: AlertRuleRepository,
    private readonly dispatcher: AlertDispatcher,
  ) {}

  /** Returns the alerts this run fired (none when every crossed threshold had already fired). */
  async check(now: Date): Promise<AlertEventRow[]> {
    const budgets: Budget[] = await this.budgets.list();
    const from = monthStart(now);
    const month = from.toISOString().slice(0, 10);
    await this.resolveStale(budgets, month, now);
    if (budgets.length === 0) return [];
    const [rows, fired, rules] = await Promise.all([
      this.spend.byScope(from, nextMonthStart(now)),
      this.budgets.firedThresholds(month),
      this.rules.all(),
    ]);
    const events: AlertEventRow[] = [];
    for (const { budget, status } of budgetStatuses(budgets, rows, now)) {
      const lowestShare = governanceThreshold(BUDGET_ALERT_KIND, rules, budget.team);
      for (const crossing of thresholdsToFire(status, fired.get(budget.id) ?? new Set(), lowestShare)) {
        const scope = budget.apiKeyId
          ? `${budget.team} key ${budget.apiKeyId}`
          : budget.project
            ? `${budget.team}/${budget.project}`
            : budget.team;
        // One subject per budget: a key's budget and its team's alert separately, and a budget set again (a new
        // id) has subjects of its own, so its alerts neither overwrite the old one's history nor share their
        // delivery ids (a reviewer's re-created budget lost its 80 % webhook, and a project named "*" the team's).
        const ownScope = budget.apiKeyId ? `key=${budget.apiKeyId}` : (budget.project ?? '*');
        const subjectScope = `${ownScope}@${budget.id.slice(0, 8)}`;
        const unit = budget.unit === 'usd' ? 'USD' : 'tokens';
        const event: AlertEventRow = {
          team: budget.team,
          kind: BUDGET_ALERT_KIND,
          subject: `${subjectScope}:${month.slice(0, 7)}:${crossing.basis}:${crossing.percent}`,
          runDate: now.toISOString().slice(0, 10),
          transition: 'fired',
          value: round6(crossing.value),
          threshold: round6((budget.amount * crossing.percent) / 100),
          message:
            `${scope}: ${basisText(crossing, status.projectionDays)} ` +
            `${round2(crossing.value)} ${unit} is ${crossing.percent}%+ of the ${month.slice(0, 7)} budget ` +
            `of ${budget.amount} ${unit}${refuses(budget, crossing) ? ' (hard limit: requests are refused)' : ''}`,
          evidence: { budgetId: budget.id, status, basis: crossing.basis, percent: crossing.percent },
        };
        // Recorded with its firing row, whatever the subject's last transition: a budget set again after one
        // that alerted this month has thresholds of its own (its firing rows are new).
        const firing = { budgetId: budget.id, month, ...crossing };
        if (await this.alertEvents.recordIf(event, (client) => this.budgets.recordFiring(firing, client)))
          events.push(event);
      }
    }
    await this.dispatcher.deliverPending(now);
    return events;
  }

  /**
   * Budget alerts still firing whose month is over, or whose budget was deleted or set again, resolve: recorded
   * and not sent (nothing to act on), so "firing now" lists this month's crossings of the budgets in force
   * rather than every crossing since the first.
   */
  private async resolveStale(budgets: Budget[], month: string, now: Date): Promise<void> {
    const current = new Set(budgets.map((b) => b.id));
    for (const alert of await this.alertEvents.firingWithEvidence(BUDGET_ALERT_KIND)) {
      const alertMonth = SUBJECT_MONTH.exec(alert.subject)?.[1];
      const budgetId = alert.evidence.budgetId;
      const reason =
        alertMonth !== undefined && alertMonth < month.slice(0, 7)
          ? `the ${alertMonth} budget month is over`
          : typeof budgetId === 'string' && !current.has(budgetId)
            ? 'the budget was deleted or set again'
            : null;
      if (reason === null) continue;
      const scope = alert.message.split(': ')[0];
      await this.alertEvents.recordOne(
        {
          team: alert.team,
          kind: BUDGET_ALERT_KIND,
          subject: alert.subject,
          runDate: now.toISOString().slice(0, 10),
          transition: 'resolved',
          value: null,
          threshold: null,
          message: `${scope}: resolved, ${reason}`,
          evidence: { budgetId: budgetId ?? null, reason },
        },
        { send: false },
      );
    }
  }
}

/** The month of a budget alert's subject (`<scope>@<budget>:YYYY-MM:<basis>:<percent>`). */
const SUBJECT_MONTH = /:(\d{4}-\d{2}):(?:actual|projected):\d+$/;

/** What the figure is: spent, or projected and from how many days of spend (the basis to judge it by). */
function basisText(crossing: ThresholdCrossing, projectionDays: number): string {
  return crossing.basis === 'actual' ? 'spent' : `projected month-end (run rate of ${round2(projectionDays)} days)`;
}

function refuses(budget: Budget, crossing: ThresholdCrossing): boolean {
  return budget.hardLimit && crossing.basis === 'actual' && crossing.percent >= 100;
}

const round2 = (value: number) => Math.round(value * 100) / 100;
const round6 = (value: number) => Math.round(value * 1e6) / 1e6;
