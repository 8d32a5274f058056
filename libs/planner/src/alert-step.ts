// Step 5: evaluate every team's alert rules for the night with hysteresis, store the transitions
// (replacing the night's on a re-run), and deliver only transitions that are new.

import { Inject, Injectable } from '@nestjs/common';
import type { TopicMap } from '@tokenmeter/contracts';
import { addDays } from '@tokenmeter/contracts';
import {
  AlertEventRepository,
  AlertEventRow,
  AlertRuleRepository,
  alertKey,
  DeploymentUtilizationDailyRepository,
  PlannerRunRepository,
  RecommendationRepository,
  UsageRollupDailyRepository,
} from '@tokenmeter/db';
import { AlertKind, applyHysteresis, DAYS_PER_MONTH, resolveAlertRule } from '@tokenmeter/finops';
import { KAFKA, TOPICS } from '@tokenmeter/kafka';
import type { Kafka } from 'kafkajs';
import { AlertDispatcher } from './alert-dispatcher';

/** Run-rates are the last 7 days scaled to a month: recent enough to see a crossing within a week. */
const RUN_RATE_DAYS = 7;
const ORG = '*';

interface Check {
  team: string;
  kind: AlertKind;
  subject: string;
  value: number | null;
  threshold?: number;
  message: (value: number | null, threshold: number) => string;
  evidence: Record<string, unknown>;
}

export interface AlertOutput {
  fired: { team: string; kind: string; subject: string; message: string }[];
  resolved: { team: string; kind: string; subject: string; message: string }[];
  firing: number;
  dlqMessages: number | null;
}

const mtok = (v: number | null) => (v === null ? 'n/a' : `${(v / 1e6).toFixed(1)}M`);

@Injectable()
export class AlertStep {
  constructor(
    private readonly daily: UsageRollupDailyRepository,
    private readonly recommendations: RecommendationRepository,
    private readonly utilization: DeploymentUtilizationDailyRepository,
    private readonly rules: AlertRuleRepository,
    private readonly events: AlertEventRepository,
    private readonly runs: PlannerRunRepository,
    private readonly dispatcher: AlertDispatcher,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(TOPICS) private readonly topics: TopicMap,
  ) {}

  async run(date: string): Promise<AlertOutput> {
    const checks: Check[] = [];
    const runRates = await this.daily.teamApiTokens(addDays(date, -(RUN_RATE_DAYS - 1)), date);
    const recs = await this.recommendations.list({ from: date, to: date });
    for (const [team, tokens] of runRates) {
      const runRate = (tokens / RUN_RATE_DAYS) * DAYS_PER_MONTH;
      checks.push({
        team,
        kind: 'run-rate-review',
        subject: 'team',
        value: runRate,
        evidence: { tokensLast7Days: tokens },
        message: (v, t) => `monthly run-rate ${mtok(v)} tokens crossed ${mtok(t)}: a TCO review of self-hosting is due`,
      });
      const thresholds = recs
        .filter((r) => r.team === team && typeof r.numbers.thresholdTokensPerMonth === 'number')
        .map((r) => r.numbers.thresholdTokensPerMonth as number);
      const computed = thresholds.length ? Math.min(...thresholds) : null;
      checks.push({
        team,
        kind: 'run-rate-self-host',
        subject: 'team',
        value: runRate,
        evidence: { tokensLast7Days: tokens, computedThresholdTokensPerMonth: computed },
        threshold: computed ?? undefined,
        message: (v, t) => `monthly run-rate ${mtok(v)} tokens crossed ${mtok(t)}: self-hosting likely pays`,
      });
    }
    for (const r of recs) {
      const months = r.numbers.breakEvenMonths;
      if (!r.workload.startsWith('api:')) continue;
      checks.push({
        team: r.team,
        kind: 'break-even-short',
        subject: r.workload,
        value: typeof months === 'number' ? months : null,
        evidence: { recommendation: r.kind, gpuConfiguration: r.numbers.gpuConfiguration, model: r.numbers.model },
        message: (v, t) => `self-hosting ${r.workload.slice(4)} would break even in ${v} months (under ${t})`,
      });
    }
    const week = await this.utilization.range(addDays(date, -6), date);
    const byDeployment = new Map<string, typeof week>();
    for (const row of week) byDeployment.set(row.deployment, [...(byDeployment.get(row.deployment) ?? []), row]);
    for (const [deployment, rows] of byDeployment) {
      const known = rows.filter((r) => r.utilization !== null);
      // The alert's value is the week's best day: under the line only if every day of 7 was.
      const value = known.length >= 7 ? Math.max(...known.map((r) => r.utilization as number)) : null;
      const waste = rows.reduce((s, r) => s + (r.idleWasteUsd ?? 0), 0);
      checks.push({
        team: rows[0].team,
        kind: 'low-utilization',
        subject: `deployment:${deployment}`,
        value,
        evidence: {
          days: rows.map((r) => ({ day: r.day, utilization: r.utilization })),
          idleWaste7dUsd: Math.round(waste * 100) / 100,
        },
        message: (v, t) =>
          `${deployment} stayed under ${Math.round(t * 100)}% utilization for 7 days ` +
          `(best day ${Math.round((v ?? 0) * 100)}%), ${Math.round(waste)} USD idle`,
      });
    }
    const dlqMessages = await this.dlqMessages().catch(() => null);
    const previousDlq = (await this.runs.list({ from: addDays(date, -1), to: addDays(date, -1) })).find(
      (r) => r.step === 'planner-alerts',
    )?.output.dlqMessages as number | undefined;
    checks.push({
      team: ORG,
      kind: 'dlq-growth',
      subject: 'dlq',
      value:
        dlqMessages === null || previousDlq === undefined || previousDlq === null ? null : dlqMessages - previousDlq,
      evidence: { dlqMessages, previousDlq: previousDlq ?? null },
      message: (v, t) => `${v} records dead-lettered since the previous night (threshold ${t})`,
    });

    const overrides = await this.rules.all();
    const previous = await this.events.statesBefore(date);
    const transitions: AlertEventRow[] = [];
    let firing = 0;
    for (const c of checks) {
      const rule = resolveAlertRule(
        c.kind,
        overrides.filter((o) => o.team === c.team),
      );
      if (!rule.enabled) continue;
      // The computed threshold volume replaces the 50M default when it is lower (DESIGN §6).
      const threshold =
        c.threshold !== undefined && c.kind === 'run-rate-self-host'
          ? Math.min(rule.threshold, c.threshold)
          : rule.threshold;
      const outcome = applyHysteresis({
        previous: previous.get(alertKey(c)) ?? null,
        value: c.value,
        threshold,
        hysteresis: rule.hysteresis,
        direction: rule.direction,
      });
      if (outcome.state === 'firing') firing++;
      if (outcome.transition === null) continue;
      transitions.push({
        team: c.team,
        kind: c.kind,
        subject: c.subject,
        runDate: date,
        transition: outcome.transition,
        value: c.value === null ? null : Math.round(c.value * 1e6) / 1e6,
        threshold,
        message:
          outcome.transition === 'fired'
            ? c.message(c.value, threshold)
            : `resolved: ${c.kind} (${c.subject}) is back past ${threshold} ` +
              `by the ${Math.round(rule.hysteresis * 100)}% band, ` +
              `value ${c.value === null ? 'n/a' : Math.round(c.value * 1000) / 1000}`,
        evidence: c.evidence,
      });
    }
    const fresh = await this.events.replaceNight(date, transitions);
    await this.dispatcher.deliver(fresh);
    const pick = (e: AlertEventRow) => ({ team: e.team, kind: e.kind, subject: e.subject, message: e.message });
    return {
      fired: transitions.filter((t) => t.transition === 'fired').map(pick),
      resolved: transitions.filter((t) => t.transition === 'resolved').map(pick),
      firing,
      dlqMessages,
    };
  }

  /** Records ever written to the dead-letter topics (sum of high watermarks). */
  private async dlqMessages(): Promise<number> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      let total = 0;
      for (const topic of [this.topics.usageEventsDlq, this.topics.vllmLogsDlq]) {
        for (const p of await admin.fetchTopicOffsets(topic)) total += Number(p.high);
      }
      return total;
    } finally {
      await admin.disconnect();
    }
  }
}
