// Delivers alert transitions: Kafka finops.alerts (key: team) and, per notification destination
// that routes the alert's team and kind, one BullMQ job per transition (rendered for the
// destination's type, retried with backoff). Never a storm: transitions of a muted or disabled
// rule, and destinations that are muted, send nothing; more transitions at once than a
// destination's hourly budget (or the digest size) go out as one digest message. The database row
// is written before this runs, so a delivery failure never loses the alert: deliverPending sends what is
// recorded and not yet delivered (the alert_events outbox), so a crash between recording and sending, or a
// retried job whose transitions were recorded by the attempt that died, delays an alert and never drops it.
// The spend governance's `budget-threshold` and `spend-anomaly` events come through here as well.
import { createHash } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import { JOB_OPTIONS, JobNames, Queues, TopicMap, WebhookDeliveryPayload } from '@tokenmeter/contracts';
import {
  AlertDeliveryRepository,
  AlertEventRepository,
  AlertEventRow,
  AlertRuleRepository,
  WebhookEndpointRepository,
  WebhookEndpointRow,
} from '@tokenmeter/db';
import {
  AlertNotice,
  deliveryPlan,
  isAlertKind,
  ORG_TEAM,
  renderAlertBody,
  resolveAlertRule,
} from '@tokenmeter/finops';
import { KafkaProducerService, TOPICS } from '@tokenmeter/kafka';
import { Queue } from 'bullmq';

const HOUR_MS = 3_600_000;

const isMuted = (until: string | null | undefined, now: Date) => until != null && Date.parse(until) > now.getTime();

export function alertEvidenceUrl(base: string, e: Pick<AlertEventRow, 'team' | 'kind' | 'subject' | 'runDate'>) {
  if (!base) return null;
  const query = new URLSearchParams({ team: e.team, kind: e.kind, subject: e.subject, date: e.runDate });
  return `${base.replace(/\/$/, '')}/alerts/history?${query}`;
}

@Injectable()
export class AlertDispatcher {
  constructor(
    private readonly producer: KafkaProducerService,
    @Inject(TOPICS) private readonly topics: TopicMap,
    private readonly endpoints: WebhookEndpointRepository,
    private readonly rules: AlertRuleRepository,
    private readonly deliveries: AlertDeliveryRepository,
    private readonly alertEvents: AlertEventRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(Queues.webhooks) private readonly webhooks: Queue,
  ) {}

  /** Delivers every recorded transition not delivered yet (this run's and any a crash left); returns them. */
  async deliverPending(now = new Date()): Promise<AlertEventRow[]> {
    const sent: AlertEventRow[] = [];
    for (;;) {
      const batch = await this.alertEvents.deliverUndelivered(async (events) => {
        await this.deliver(events, now);
      });
      sent.push(...batch);
      if (batch.length === 0) return sent;
    }
  }

  private async deliver(events: AlertEventRow[], now: Date): Promise<{ messages: number }> {
    if (events.length === 0) return { messages: 0 };
    await this.producer.send(
      this.topics.finopsAlerts,
      events.map((e) => ({ key: e.team, value: JSON.stringify(e), headers: { 'tm-transition': e.transition } })),
    );
    const rules = await this.rules.all();
    const byDestination = new Map<string, { destination: WebhookEndpointRow; events: AlertEventRow[] }>();
    // A team's rule decides what reaches that team's own destinations; the organization-wide ones (finops')
    // follow the organization's rule, so a team key that disables or mutes a kind for its own team cannot
    // silence finops' view of that team (a reviewer's hard-limit alert never reached the finops webhook).
    const silenced = (e: AlertEventRow, team: string) => {
      if (!isAlertKind(e.kind)) return false;
      const rule = resolveAlertRule(e.kind, rules, team);
      return !rule.enabled || isMuted(rule.mutedUntil, now);
    };
    for (const e of events) {
      const silencedForTeam = silenced(e, e.team);
      const silencedForOrganization = silenced(e, ORG_TEAM);
      for (const destination of await this.endpoints.forTeam(e.team, e.kind)) {
        if (destination.team === null ? silencedForOrganization : silencedForTeam) continue;
        if (isMuted(destination.mutedUntil, now)) continue;
        const entry = byDestination.get(destination.id) ?? { destination, events: [] };
        entry.events.push(e);
        byDestination.set(destination.id, entry);
      }
    }
    let messages = 0;
    for (const { destination, events: due } of byDestination.values())
      messages += await this.toDestination(destination, due, now);
    return { messages };
  }

  /** One message per transition, or one digest when there are too many for the destination. */
  private async toDestination(destination: WebhookEndpointRow, events: AlertEventRow[], now: Date): Promise<number> {
    const notices = events.map((e) => this.notice(e));
    const sentLastHour = await this.deliveries.countSince(destination.id, new Date(now.getTime() - HOUR_MS));
    const plan = deliveryPlan(destination.type, notices.length, destination.maxPerHour - sentLastHour);
    if (plan.kind === 'digest') {
      const shown = notices.slice(0, 20);
      const body = renderAlertBody(destination, { digest: { notices: shown, omitted: notices.length - shown.length } });
      await this.enqueue(
        destination,
        body,
        `alert digest: ${notices.length} transitions`,
        events.map(keyOf).join('\n'),
      );
      return 1;
    }
    for (const [i, notice] of notices.slice(0, plan.send).entries()) {
      const e = events[i];
      const body = renderAlertBody(destination, { notice });
      await this.enqueue(destination, body, `alert ${e.transition}: ${e.team} ${e.kind} ${e.subject}`, keyOf(e));
    }
    await this.suppressed(destination, events.slice(plan.send));
    return plan.send;
  }

  private notice(e: AlertEventRow): AlertNotice {
    return { ...e, evidenceUrl: alertEvidenceUrl(this.config.ALERT_LINK_BASE_URL, e) };
  }

  /** One delivery per destination and transition (or digest), even if the night is re-run. */
  private async enqueue(destination: WebhookEndpointRow, body: string, describe: string, key: string) {
    const id = createHash('sha256').update(`${destination.id}|${key}`).digest('hex').slice(0, 32);
    const payload: WebhookDeliveryPayload = { endpointId: destination.id, body, describe };
    const options = { ...JOB_OPTIONS[JobNames.webhookDelivery], jobId: `webhook@${id}` };
    await this.webhooks.add(JobNames.webhookDelivery, payload, options);
  }

  /** Over the destination's hourly budget: recorded (visible in the history), not sent. */
  private async suppressed(destination: WebhookEndpointRow, events: AlertEventRow[]): Promise<number> {
    for (const e of events) {
      const jobId = `suppressed@${createHash('sha256')
        .update(`${destination.id}|${keyOf(e)}`)
        .digest('hex')
        .slice(0, 32)}`;
      await this.deliveries.record({
        destinationId: destination.id,
        jobId,
        status: 'rate-limited',
        attempts: 0,
        describe: `alert ${e.transition}: ${e.team} ${e.kind} ${e.subject}`,
        lastError: `over the destination's ${destination.maxPerHour} messages an hour`,
        body: '',
      });
    }
    return 0;
  }
}

const keyOf = (e: AlertEventRow) => `${e.team}|${e.kind}|${e.subject}|${e.runDate}|${e.transition}`;
