// Two replicas of one vLLM deployment (two pods, both logging as `Engine 000`, 5 s apart, one named in its
// shipper's event, the other in a tokenmeter-replica header) through Kafka into Postgres: each line's window
// is measured to its own pod's previous line, so the stored output tokens are both pods' whole traffic, and a
// redelivery stores nothing new.
import type { Message } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDeployment } from '../support/deployments';
import { startIngestInProcess } from '../support/ingest-harness';
import { produce } from '../support/kafka-helpers';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';
import { waitFor } from '../support/wait-for';

const POOL = 'llama-replicas';
const PODS = ['llama-replicas-7d9f-x2k4q', 'llama-replicas-7d9f-m8w1z'];
const UPGRADED = 'llama-upgraded';

/**
 * One pod's V1 stats line at 10:MM:SS, 500 output tokens/s: as a Vector kubernetes_logs event naming the pod,
 * or (`bare`) as the bare line, signed as such, with the pod in a tokenmeter-replica header.
 */
function event(pod: string, seconds: number, bare = false, deployment = POOL): Message {
  const t = `10:${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
  const line =
    `INFO 11-27 ${t} [loggers.py:116] Engine 000: Avg prompt throughput: 0.0 tokens/s, ` +
    'Avg generation throughput: 500.0 tokens/s, Running: 4 reqs, Waiting: 0 reqs, GPU KV cache usage: 20.0%, ' +
    'Prefix cache hit rate: 0.0%';
  const timestamp = String(Date.parse('2026-11-27T10:30:00Z'));
  if (bare) return { key: deployment, value: line, headers: pod ? { 'tokenmeter-replica': pod } : {}, timestamp };
  const value = JSON.stringify({
    message: line,
    timestamp: `2026-11-27T${t}.000Z`,
    kubernetes: { pod_name: pod, pod_labels: { 'app.kubernetes.io/instance': deployment } },
  });
  return { key: deployment, value, timestamp };
}

describe('vLLM logs of several replicas', () => {
  let suite: UsageSuite;
  let ingest: Awaited<ReturnType<typeof startIngestInProcess>>;

  beforeAll(async () => {
    suite = await createUsageSuite();
    await insertDeployment(suite.sql, {
      name: UPGRADED,
      team: 'support',
      servedModel: 'llama-3.1-70b',
      logStatsIntervalSec: 10,
    });
    await insertDeployment(suite.sql, {
      name: POOL,
      team: 'support',
      servedModel: 'llama-3.1-70b',
      logStatsIntervalSec: 10,
      kubernetesLabels: { 'app.kubernetes.io/instance': POOL },
    });
    ingest = await startIngestInProcess(suite.env);
  });

  afterAll(async () => {
    await ingest?.close();
    await suite?.close();
  });

  it("counts each pod's lines over their own 10 s windows, once", async () => {
    // 30 lines a pod over 300 s, pod 2 five seconds after pod 1.
    const messages = Array.from({ length: 30 }, (_, i) => [event(PODS[0]!, 10 * i), event(PODS[1]!, 10 * i + 5, true)]);
    await produce(suite.topics.vllmLogs, messages.flat());
    const output = () =>
      suite.sql
        .query(`SELECT coalesce(sum(output_tokens), 0)::int AS n FROM usage_records WHERE deployment = $1`, [POOL])
        .then((r) => r.rows[0].n as number);
    // 2 pods × 30 lines × 10 s × 500 tokens/s; one series for both pods stored 152,500.
    await waitFor(output, (n) => n >= 300_000, 60_000, '300,000 output tokens');
    await produce(suite.topics.vllmLogs, messages.flat().slice(0, 10)); // redelivered
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await output()).toBe(300_000);
    const samples = await suite.sql.query(
      `SELECT replica, count(*)::int AS n, sum(interval_sec)::float AS covered FROM utilization_samples
       WHERE deployment = $1 GROUP BY replica ORDER BY replica`,
      [POOL],
    );
    expect(samples.rows).toEqual([...PODS].sort().map((replica) => ({ replica, n: 30, covered: 300 })));
  });

  it('counts a line stored before replicas were told apart once when it comes again naming its pod', async () => {
    const sent = (named: boolean) =>
      Array.from({ length: 10 }, (_, i) => event(named ? 'llama-upgraded-0' : '', 10 * i, !named, UPGRADED));
    const output = () =>
      suite.sql
        .query(`SELECT coalesce(sum(output_tokens), 0)::int AS n FROM usage_records WHERE deployment = $1`, [UPGRADED])
        .then((r) => r.rows[0].n as number);
    await produce(suite.topics.vllmLogs, sent(false)); // stored as before: no replica
    await waitFor(output, (n) => n >= 50_000, 60_000, '50,000 output tokens');
    await produce(suite.topics.vllmLogs, sent(true)); // the same lines, replayed through Vector
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await output()).toBe(50_000);
  });
});
