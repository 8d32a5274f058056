// Once a day has been rolled up, compares each team's spend on it with the interval forecast from
// the 28 days before (libs/finops spendAnomalies) and alerts the days outside it, naming the models
// and projects that moved the spend. One alert per team and day (subject = the day): a re-run or a
// restart finds the transition already recorded. Kind `spend-anomaly` for the alerting rules. An
// anomaly is one day's: it resolves when a later day has been judged (recorded, not sent), so "firing
// now" lists the last judged day's, not every anomaly since the first.
import { Injectable } from '@nestjs/common';
import { addDays } from '@tokenmeter/contracts';
import { AlertEventRepository, AlertEventRow, AlertRuleRepository, MonthSpendRepository } from '@tokenmeter/db';
import { governanceThreshold, type SpendAnomaly, spendAnomalies } from '@tokenmeter/finops';
import { AlertDispatcher } from './alert-dispatcher';

export const SPEND_ANOMALY_KIND = 'spend-anomaly' as const;
const HISTORY_DAYS = 28;
/** Days back the periodic check judges. */
const CATCH_UP_DAYS = 7;

@Injectable()
export class SpendAnomalyWatch {
  constructor(
    private readonly spend: MonthSpendRepository,
    private readonly alertEvents: AlertEventRepository,
    private readonly rules: AlertRuleRepository,
    private readonly dispatcher: AlertDispatcher,
  ) {}

  /**
   * Checks each of the last week's days (UTC, oldest first) that has been rolled up; returns the alerts it fired.
   * Not only yesterday: a night planned late (a worker down, a backfill) or a day changed by late usage is judged
   * too, and a day that already fired does not fire again.
   */
  async check(now: Date): Promise<AlertEventRow[]> {
    const today = now.toISOString().slice(0, 10);
    const fired: AlertEventRow[] = [];
    for (let back = CATCH_UP_DAYS; back >= 1; back--) fired.push(...(await this.checkDay(addDays(today, -back))).fired);
    return fired;
  }

  /**
   * Checks `day` if it has been rolled up: every anomaly found on it as an alert (`anomalies`), and
   * those recorded and delivered now (`fired`; an earlier check may have fired the rest).
   */
  async checkDay(day: string): Promise<{ anomalies: AlertEventRow[]; fired: AlertEventRow[] }> {
    if (!(await this.spend.dayRolledUp(day))) return { anomalies: [], fired: [] };
    const rows = await this.spend.dailyByModelAndProject(addDays(day, -HISTORY_DAYS), day);
    const rules = await this.rules.all();
    // Each team's band is as wide as the stricter of its own spend-anomaly rule and the organization's.
    const zOf = (team: string) => governanceThreshold(SPEND_ANOMALY_KIND, rules, team);
    const anomalies = spendAnomalies(rows, day, { historyDays: HISTORY_DAYS, zOf }).map(anomalyEvent);
    const fired: AlertEventRow[] = [];
    // A day fires once: judged again (a backfill re-run, a late event) after it resolved, it is not news.
    for (const event of anomalies) if (await this.alertEvents.recordOne(event, { firesOnce: true })) fired.push(event);
    await this.dispatcher.deliverPending();
    await this.resolveDaysBefore(day);
    return { anomalies, fired };
  }

  /** Earlier days' anomalies still firing: their day is over and a later one has been judged. */
  private async resolveDaysBefore(day: string): Promise<void> {
    const firing = (await this.alertEvents.currentStates()).filter(
      (a) => a.kind === SPEND_ANOMALY_KIND && a.state === 'firing' && a.subject < `day:${day}`,
    );
    for (const a of firing) {
      await this.alertEvents.recordOne(
        {
          team: a.team,
          kind: SPEND_ANOMALY_KIND,
          subject: a.subject,
          runDate: day,
          transition: 'resolved',
          value: null,
          threshold: null,
          message: `${a.team}'s spend anomaly of ${a.subject.slice(4)} was that day's; ${day} has been judged`,
          evidence: {},
        },
        { send: false },
      );
    }
  }
}

function anomalyEvent(anomaly: SpendAnomaly): AlertEventRow {
  const usd = (value: number) => `$${value.toFixed(2)}`;
  const movers = anomaly.movers
    .map((m) => `${m.dimension} ${m.name} ${m.deltaUsd >= 0 ? '+' : '−'}${usd(Math.abs(m.deltaUsd))}`)
    .join(', ');
  return {
    team: anomaly.team,
    kind: SPEND_ANOMALY_KIND,
    subject: `day:${anomaly.day}`,
    runDate: anomaly.day,
    transition: 'fired',
    value: round6(anomaly.spentUsd),
    threshold: round6(anomaly.direction === 'above' ? anomaly.upperUsd : anomaly.lowerUsd),
    message:
      `${anomaly.team} spent ${usd(anomaly.spentUsd)} on ${anomaly.day}, ${anomaly.direction} the forecast ` +
      `${usd(anomaly.lowerUsd)}–${usd(anomaly.upperUsd)} (expected ${usd(anomaly.expectedUsd)})` +
      (movers ? `; moved by ${movers}` : ''),
    evidence: { ...anomaly },
  };
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;
