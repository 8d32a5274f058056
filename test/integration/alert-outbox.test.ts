// Alert transitions go out from an outbox: one recorded by a process that died before sending it (or by a job
// attempt whose retry records nothing new) is delivered by the next run, once; and a budget set again after one
// that alerted this month alerts its own thresholds (its firing and its alert are written together), under
// subjects of its own, while the old one's alerts resolve without being sent; and a team's own rule silences only
// the team's own destinations, never finops' organization-wide ones.
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import { Queues, type WebhookDeliveryPayload } from '@tokenmeter/contracts';
import { AlertEventRepository, BudgetRepository } from '@tokenmeter/db';
import { AlertDispatcher, BudgetWatch } from '@tokenmeter/planner';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTopic, topicSize } from '../support/kafka-helpers';
import { startPlannerContext } from '../support/planner-context';
import { ensureMonthlyPartitions } from '../support/planner-history';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';

describe('the alert outbox', () => {
  let suite: UsageSuite;
  const started: INestApplicationContext[] = [];
  /** A worker's lifetime: a context of its own, as after a restart. */
  const worker = async () => {
    const context = await startPlannerContext({ ...suite.env, QUEUE_PREFIX: `outbox${process.pid}` });
    started.push(context);
    return context;
  };

  beforeAll(async () => {
    suite = await createUsageSuite();
    await ensureMonthlyPartitions(suite.sql, new Date('2026-03-01T00:00:00Z'), new Date('2026-03-31T00:00:00Z'));
  }, 120_000);

  afterAll(async () => {
    for (const context of started) await context.close();
    await suite?.close();
  });

  it('delivers a transition recorded by a process that died before sending it, once', async () => {
    const dying = await worker();
    const event = {
      team: 'search',
      kind: 'job-failed',
      subject: 'forecast',
      runDate: '2026-03-10',
      transition: 'fired' as const,
      value: 1,
      threshold: 1,
      message: 'nightly step forecast for 2026-03-10 failed after all retries',
      evidence: {},
    };
    expect(await dying.get(AlertEventRepository).recordOne(event)).toBe(true); // … and the process dies here
    expect(await topicSize(suite.topics.finopsAlerts)).toBe(0);

    const next = await worker();
    const sent = await next.get(AlertDispatcher).deliverPending();
    expect(sent.map((e) => e.subject)).toEqual(['forecast']);
    const [message] = await readTopic(suite.topics.finopsAlerts, 1);
    expect(JSON.parse(message!.value!.toString())).toMatchObject({ kind: 'job-failed', subject: 'forecast' });
    expect(await next.get(AlertDispatcher).deliverPending()).toEqual([]);
    expect(await topicSize(suite.topics.finopsAlerts)).toBe(1);
  });

  it('alerts a budget set again after one that alerted this month, at its own thresholds', async () => {
    const rollup = (day: string, usd: number) =>
      suite.sql.query(
        `INSERT INTO usage_records (source, id, time, team, project, tags, provider, model, input_tokens,
           cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd)
         VALUES ('outbox', $1, $2, 'ads', NULL, '{}', 'openai', 'gpt-4o', 1000, 0, 0, 100, 0, 1, $3)`,
        [`spend-${day}`, `${day}T12:00:00Z`, usd],
      );
    await rollup('2026-03-02', 60);
    const context = await worker();
    const budgets = context.get(BudgetRepository);
    const put = (amount: number) =>
      suite.sql.query(
        `INSERT INTO budgets (id, team, project, unit, amount, hard_limit)
         VALUES (gen_random_uuid(), 'ads', '', 'usd', $1, false) RETURNING id`,
        [amount],
      );
    const first = (await put(100)).rows[0].id as string;
    const subjects = async (now: string) =>
      (await context.get(BudgetWatch).check(new Date(now))).map((e) => e.subject.split(':').slice(-2).join(':'));
    expect(await subjects('2026-03-02T23:00:00Z')).toEqual(['actual:50']);
    await budgets.delete(first);
    await put(80); // $60 of $80: 50 % again, for this budget
    expect(await subjects('2026-03-02T23:30:00Z')).toEqual(['actual:50']);
  });

  it('alerts a budget raised at its own thresholds, resolves the old one quietly, and keeps finops told', async () => {
    await suite.sql.query(
      `INSERT INTO usage_records (source, id, time, team, project, tags, provider, model, input_tokens,
         cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd)
       VALUES ('outbox', 'media-spend', '2026-03-04T12:00:00Z', 'media', NULL, '{}', 'openai', 'gpt-4o', 1000, 0, 0,
         100, 0, 1, 60)`,
    );
    const destination = async (team: string | null) =>
      (
        await suite.sql.query(
          `INSERT INTO webhook_endpoints (id, team, url, secret) VALUES (gen_random_uuid(), $1, $2, 's') RETURNING id`,
          [team, `https://hooks.example.com/${team ?? 'org'}`],
        )
      ).rows[0].id as string;
    const finops = await destination(null);
    const media = await destination('media');
    // The team turns budget alerts off for itself (a team key may write its own team's rules).
    await suite.sql.query(
      `INSERT INTO alert_rules (id, team, kind, threshold, enabled) VALUES (gen_random_uuid(), 'media',
         'budget-threshold', 0.8, false)`,
    );
    const context = await worker();
    const budgets = context.get(BudgetRepository);
    const watch = context.get(BudgetWatch);
    const jobsFor = async (endpointId: string) =>
      (await context.get<Queue>(getQueueToken(Queues.webhooks)).getJobs())
        .map((job) => job.data as WebhookDeliveryPayload)
        .filter((payload) => payload.endpointId === endpointId);

    const first = await budgets.upsert({ team: 'media', project: null, unit: 'usd', amount: '100', hardLimit: false });
    const [fifty] = await watch.check(new Date('2026-03-04T23:00:00Z'));
    expect(fifty!.subject).toBe(`*@${first.id.slice(0, 8)}:2026-03:actual:50`);
    expect(await jobsFor(finops)).toHaveLength(1);
    expect(await jobsFor(media)).toHaveLength(0);

    // Raised: $60 of $70 is 50 % and 80 % of the new budget, which alerts them under its own subjects.
    const raised = await budgets.upsert({ team: 'media', project: null, unit: 'usd', amount: '70', hardLimit: false });
    expect(raised.id).not.toBe(first.id);
    expect(
      (await budgets.upsert({ team: 'media', project: null, unit: 'usd', amount: '70', hardLimit: false })).id,
    ).toBe(raised.id);
    const fired = await watch.check(new Date('2026-03-04T23:30:00Z'));
    expect(fired.map((e) => e.subject)).toEqual([
      `*@${raised.id.slice(0, 8)}:2026-03:actual:50`,
      `*@${raised.id.slice(0, 8)}:2026-03:actual:80`,
    ]);
    expect(await jobsFor(finops)).toHaveLength(3);
    const states = await context.get(AlertEventRepository).currentStates('media');
    expect(states.map((a) => `${a.subject} ${a.state}`).sort()).toEqual(
      [
        `*@${first.id.slice(0, 8)}:2026-03:actual:50 resolved`,
        `*@${raised.id.slice(0, 8)}:2026-03:actual:50 firing`,
        `*@${raised.id.slice(0, 8)}:2026-03:actual:80 firing`,
      ].sort(),
    );
    const { rows } = await suite.sql.query(
      `SELECT message, delivered_at IS NOT NULL AS delivered FROM alert_events
       WHERE team = 'media' AND transition = 'resolved'`,
    );
    expect(rows).toEqual([{ message: 'media: resolved, the budget was deleted or set again', delivered: true }]);
    expect(await context.get(AlertDispatcher).deliverPending()).toEqual([]);
  });
});
