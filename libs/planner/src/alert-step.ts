// Step 5: evaluate every team's alert rules for the night with hysteresis, store the transitions
// (replacing the night's on a re-run), and deliver only transitions that are new. Alerts agree
// with the night's recommendations: a break-even alert fires only while that workload's
// recommendation is a migrate kind and resolves when it stops being one; the self-host run-rate
// is each workload's against that workload's threshold. Run-rates are 28-day averages (over the days
// since, for a scope first seen inside them, from a week on), and a resolved run-rate alert waits its rule's
// cooldown before it can fire again.

import { Inject, Injectable } from '@nestjs/common';
import type { TopicMap } from '@tokenmeter/contracts';
import { addDays, daysFrom } from '@tokenmeter/contracts';
import {
  AlertEventRepository,
  AlertEventRow,
  AlertRuleRepository,
  alertKey,
  DeploymentUtilizationDailyRepository,
  PlannerRunRepository,
  RecentWorkloadTotals,
  RecommendationRepository,
  RecommendationRow,
  TeamRecentTokens,
  UsageRollupDailyRepository,
} from '@tokenmeter/db';
import {
  applyHysteresis,
  DAYS_PER_MONTH,
  isMigrateKind,
  ORG_TEAM,
  recommendationSummary,
  resolveAlertRule,
} from '@tokenmeter/finops';
import { KAFKA, TOPICS } from '@tokenmeter/kafka';
import type { Kafka } from 'kafkajs';
import type { Check } from './alert-check';
import { AlertDispatcher } from './alert-dispatcher';
import { SaturationChecks } from './saturation-checks';

/** Run-rates are the last 28 days scaled to a month: four whole weeks, so no weekday weighs more. */
export const RUN_RATE_DAYS = 28;
/**
 * A scope first seen inside the 28 days is averaged over the days since, not over days before it existed (the
 * demo's gpt-4o, about 500M tokens a month, read 51.7M on its third night), once it has a whole week: fewer
 * days would scale one weekday or weekend up to a month.
 */
export const MIN_RUN_RATE_DAYS = 7;

/** Tokens over `days` as a month; null (not judged tonight) under a week. */
function monthlyRunRate(tokens: number, days: number): number | null {
  return days < MIN_RUN_RATE_DAYS ? null : (tokens / days) * DAYS_PER_MONTH;
}
const ORG = ORG_TEAM;

export interface AlertOutput {
  fired: { team: string; kind: string; subject: string; message: string }[];
  resolved: { team: string; kind: string; subject: string; message: string }[];
  firing: number;
  dlqMessages: number | null;
}

const mtok = (v: number | null) => (v === null ? 'n/a' : `${(v / 1e6).toFixed(1)}M`);

/** What an alert links to: the recommendation it agrees with, and where the API shows it. */
export function recommendationLink(r: RecommendationRow) {
  const query = new URLSearchParams({ team: r.team, from: r.runDate, to: r.runDate });
  return { runDate: r.runDate, team: r.team, workload: r.workload, kind: r.kind, api: `/v1/recommendations?${query}` };
}

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
    private readonly saturation: SaturationChecks,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(TOPICS) private readonly topics: TopicMap,
  ) {}

  async run(date: string): Promise<AlertOutput> {
    const from = addDays(date, -(RUN_RATE_DAYS - 1));
    const recs = await this.recommendations.nightForAlerts(date);
    const checks: Check[] = [
      ...this.teamRunRates(await this.daily.teamApiTokens(from, date), recs, date),
      ...this.workloadChecks(await this.daily.recentWorkloadTotals(from, date), recs),
    ];
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

    checks.push(...(await this.saturation.checks(date)));

    const overrides = await this.rules.all();
    const previous = await this.events.statesBefore(date);
    const lastResolved = await this.events.lastResolvedBefore(date);
    checks.push(...legacyTeamSelfHostChecks(previous));
    const transitions: AlertEventRow[] = [];
    let firing = 0;
    for (const c of checks) {
      const rule = resolveAlertRule(c.kind, overrides, c.team);
      if (!rule.enabled) continue;
      // The computed threshold volume replaces the 50M default when it is lower (DESIGN §6).
      const threshold =
        c.threshold !== undefined && c.kind === 'run-rate-self-host'
          ? Math.min(rule.threshold, c.threshold)
          : rule.threshold;
      const resolvedOn = lastResolved.get(alertKey(c));
      const outcome = applyHysteresis({
        previous: previous.get(alertKey(c)) ?? null,
        cleared: c.cleared,
        coolingDown: resolvedOn !== undefined && daysFrom(resolvedOn, date) < rule.cooldownDays,
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
            : c.cleared
              ? `resolved: ${c.kind} (${c.subject}) no longer applies: ${String(c.evidence.reason ?? '')}`
              : `resolved: ${c.kind} (${c.subject}) is back past ${threshold} ` +
                `by the ${Math.round(rule.hysteresis * 100)}% band, ` +
                `value ${c.value === null ? 'n/a' : Math.round(c.value * 1000) / 1000}`,
        evidence: c.evidence,
      });
    }
    // The night's new transitions, and any an earlier attempt recorded and died before sending.
    await this.events.replaceNight(date, transitions);
    await this.dispatcher.deliverPending();
    const pick = (e: AlertEventRow) => ({ team: e.team, kind: e.kind, subject: e.subject, message: e.message });
    return {
      fired: transitions.filter((t) => t.transition === 'fired').map(pick),
      resolved: transitions.filter((t) => t.transition === 'resolved').map(pick),
      firing,
      dlqMessages,
    };
  }

  /** Each team's API run-rate against the review band (DESIGN §6), with its recommendations linked. */
  private teamRunRates(runRates: Map<string, TeamRecentTokens>, recs: RecommendationRow[], date: string): Check[] {
    // Grouped once: a night has a recommendation per workload (10,000 at scale) and a check per team.
    const recsByTeam = new Map<string, RecommendationRow[]>();
    for (const r of recs) {
      const own = recsByTeam.get(r.team);
      if (own) own.push(r);
      else recsByTeam.set(r.team, [r]);
    }
    return [...runRates].map(([team, { tokens, days }]) => ({
      team,
      kind: 'run-rate-review' as const,
      subject: 'team',
      value: monthlyRunRate(tokens, days),
      evidence: {
        tokensLast28Days: tokens,
        days,
        window: { from: addDays(date, -(days - 1)), to: date },
        recommendations: (recsByTeam.get(team) ?? []).map(recommendationLink),
      },
      message: (v, t) =>
        `monthly run-rate ${mtok(v)} tokens (${days}-day average) crossed ${mtok(t)}: a TCO review of self-hosting ` +
        'is due',
    }));
  }

  /**
   * Per API workload: its own run-rate against its own threshold volume, and a break-even alert that
   * exists only while the night recommends migrating it.
   */
  private workloadChecks(totals: RecentWorkloadTotals[], recs: RecommendationRow[]): Check[] {
    const checks: Check[] = [];
    const recentOf = new Map(
      totals.map((t) => [
        `${t.team}\u0000api:${t.provider}/${t.model}`,
        { tokens: t.inputTokens + t.cachedInputTokens + t.cacheWriteTokens + t.outputTokens, days: t.days },
      ]),
    );
    for (const r of recs) {
      if (!r.workload.startsWith('api:')) continue;
      const link = recommendationLink(r);
      const recent = recentOf.get(`${r.team}\u0000${r.workload}`) ?? null;
      const own = selfHostThreshold(r);
      checks.push({
        team: r.team,
        kind: 'run-rate-self-host',
        subject: r.workload,
        value: recent === null ? null : monthlyRunRate(recent.tokens, recent.days),
        threshold: own,
        evidence: {
          tokensLast28Days: recent?.tokens ?? null,
          days: recent?.days ?? null,
          workloadThresholdTokensPerMonth: own ?? null,
          recommendation: link,
        },
        message: (v, t) =>
          `${r.workload.slice(4)}: monthly run-rate ${mtok(v)} tokens (${recent?.days ?? RUN_RATE_DAYS}-day ` +
          `average) crossed its self-hosting threshold ${mtok(t)}; tonight's recommendation is ${r.kind}`,
      });
      const months = r.numbers.breakEvenMonths;
      const plain = recommendationSummary(r);
      const migrate = isMigrateKind(r.kind);
      const breaksEven = typeof months === 'number' && Number.isFinite(months);
      checks.push({
        team: r.team,
        kind: 'break-even-short',
        subject: r.workload,
        value: migrate && breaksEven ? months : null,
        cleared: !migrate || !breaksEven,
        evidence: {
          recommendation: link,
          breakEvenMonths: breaksEven ? months : null,
          gpuConfiguration: r.numbers.gpuConfiguration ?? null,
          model: r.numbers.model ?? null,
          money: plain.money,
          qualityGap: plain.substitute?.qualityGap ?? null,
          confidence: plain.confidence,
          whatWouldFlip: plain.whatWouldFlip,
          reason: !migrate
            ? `tonight's recommendation is ${r.kind}, not a migration`
            : !breaksEven
              ? r.numbers.figuresOption === 'rent' || r.numbers.figuresOption === 'hosted-open-model'
                ? `the chosen option (${r.numbers.figuresOption}) has no up-front cost to pay back`
                : 'self-hosting no longer breaks even'
              : null,
        },
        // Said plainly: the money, the quality gap and the confidence travel with the alert.
        message: (v, t) =>
          `self-hosting ${r.workload.slice(4)} would break even in ${v} months (under ${t}); ` +
          `tonight's recommendation is ${r.kind}` +
          (plain.money ? `: it ${plain.money}` : '') +
          (plain.substitute ? `; quality: ${plain.substitute.model}, ${plain.substitute.qualityGap}` : '') +
          (plain.confidence ? `; forecast confidence ${plain.confidence}` : ''),
      });
    }
    return checks;
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

/** Team-total self-host alerts from before they were per workload: resolved, never left firing. */
function legacyTeamSelfHostChecks(previous: Map<string, 'firing' | 'resolved'>): Check[] {
  const checks: Check[] = [];
  for (const [key, state] of previous) {
    const [team, kind, subject] = key.split('\u0000');
    if (kind !== 'run-rate-self-host' || subject !== 'team' || state !== 'firing') continue;
    checks.push({
      team,
      kind: 'run-rate-self-host',
      subject,
      value: null,
      cleared: true,
      evidence: { reason: 'the self-hosting threshold is now compared per workload' },
      message: () => '',
    });
  }
  return checks;
}

/**
 * The workload's own self-hosting threshold: where its volume bands put "self-hosting likely pays"
 * (the buying scenario's threshold). A workload placed on idle capacity has no purchase to pay back:
 * its stored scenario costs nothing extra, so it takes the rule's threshold instead.
 */
function selfHostThreshold(r: RecommendationRow): number | undefined {
  // First: its stored bands are scaled to that capex-0 scenario, so their self-host band is no purchase's.
  if (r.kind === 'USE_EXISTING_CAPACITY') return undefined;
  const bands = r.numbers.bands as { selfHostFrom?: unknown } | null | undefined;
  if (typeof bands?.selfHostFrom === 'number') return bands.selfHostFrom;
  return typeof r.numbers.thresholdTokensPerMonth === 'number' ? r.numbers.thresholdTokensPerMonth : undefined;
}
