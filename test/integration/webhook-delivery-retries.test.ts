// The webhooks queue end to end on real BullMQ and Redis: the worker's WebhookProcessor retries a
// failing destination with backoff and writes one dead-letter record after the last try, records a
// destination that recovers as delivered, and dead-letters a refused URL at once without retrying.
// (Jobs carry fewer and shorter retries than production's 8 × 2 s exponential, so the test is quick;
// the processor reads the attempts from the job, as it does in production.)
import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookProcessor } from '../../apps/worker/src/planner/webhook.processor';
import { ConfigModule, parseConfig } from '../../libs/config/src';
import { JOB_OPTIONS, JobNames, Queues, WebhookDeliveryPayload } from '../../libs/contracts/src';
import { AlertDeliveryRepository, AlertDeliveryRow, DbModule, WebhookEndpointRepository } from '../../libs/db/src';
import { DestinationTestMessage, WebhookSender } from '../../libs/planner/src';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';
import { waitFor } from '../support/wait-for';

describe('webhook delivery retries', () => {
  let suite: UsageSuite;
  let context: INestApplicationContext;
  let queue: Queue;
  let receiver: Server;
  let base = '';
  /** Requests received per path; /flaky fails its first two. */
  const hits = new Map<string, number>();

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const path = req.url ?? '';
      const n = (hits.get(path) ?? 0) + 1;
      hits.set(path, n);
      req.resume();
      if (path === '/down' || (path === '/flaky' && n <= 2)) res.writeHead(503).end('unavailable');
      else res.writeHead(200).end('ok');
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    suite = await createUsageSuite();
    const config = parseConfig({
      ...process.env,
      ...suite.env,
      QUEUE_PREFIX: `tm-test-webhooks-${randomBytes(3).toString('hex')}`,
      ALERT_ALLOWED_HOSTS: '127.0.0.1',
      ALERT_ALLOW_HTTP: 'true',
    });
    @Module({
      imports: [
        ConfigModule.forRoot(config),
        DbModule,
        BullModule.forRoot({ connection: { url: config.REDIS_URL }, prefix: config.QUEUE_PREFIX }),
        BullModule.registerQueue({ name: Queues.webhooks }),
      ],
      providers: [WebhookSender, WebhookProcessor, DestinationTestMessage],
    })
    class WebhookWorkerModule {}
    context = await NestFactory.createApplicationContext(WebhookWorkerModule, {
      logger: ['error'],
      abortOnError: false,
    });
    await context.init();
    queue = context.get<Queue>(getQueueToken(Queues.webhooks));
  }, 60_000);

  afterAll(async () => {
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await context?.close();
    await suite?.close();
    receiver?.close();
  });

  /** A destination at `url` and one delivery job to it, with `attempts` tries 100 ms apart. */
  async function deliverTo(url: string, attempts: number): Promise<string> {
    const endpointId = await context.get(WebhookEndpointRepository).create({ team: 'search', url, secret: 's3cret' });
    const payload: WebhookDeliveryPayload = { endpointId, body: '{"text":"sample"}', describe: `sample to ${url}` };
    const job = await queue.add(JobNames.webhookDelivery, payload, {
      ...JOB_OPTIONS[JobNames.webhookDelivery],
      attempts,
      backoff: { type: 'fixed', delay: 100 },
    });
    return job.id!;
  }

  async function outcomeOf(jobId: string): Promise<AlertDeliveryRow> {
    const deliveries = context.get(AlertDeliveryRepository);
    const row = await waitFor(
      async () => (await deliveries.list({ limit: 100 })).find((d) => d.jobId === jobId),
      (found) => found !== undefined,
      30_000,
      `the outcome of job ${jobId}`,
    );
    return row!;
  }

  /** BullMQ's own view: the job ends failed (kept, removeOnFail: false) and is not retried again. */
  const endsFailed = (jobId: string) =>
    waitFor(
      async () => (await queue.getJob(jobId))?.getState(),
      (state) => state === 'failed',
      10_000,
      'failed',
    );

  it('retries a failing destination, then writes one dead-letter record with the last error', async () => {
    const jobId = await deliverTo(`${base}/down`, 3);
    const outcome = await outcomeOf(jobId);
    expect(outcome).toMatchObject({ status: 'dead-letter', attempts: 3 });
    expect(outcome.lastError).toMatch(/answered HTTP 503/);
    expect(hits.get('/down')).toBe(3);
    await endsFailed(jobId);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(hits.get('/down')).toBe(3);
  });

  it('records a destination that recovers on the third try as delivered, once', async () => {
    const jobId = await deliverTo(`${base}/flaky`, 5);
    const outcome = await outcomeOf(jobId);
    expect(outcome).toMatchObject({ status: 'delivered', attempts: 3, lastError: null });
    expect(hits.get('/flaky')).toBe(3);
    const rows = (await context.get(AlertDeliveryRepository).list({ limit: 100 })).filter((d) => d.jobId === jobId);
    expect(rows).toHaveLength(1);
  });

  it('dead-letters a refused destination at once, without retrying', async () => {
    const jobId = await deliverTo('http://169.254.169.254/latest/meta-data', 5);
    const outcome = await outcomeOf(jobId);
    expect(outcome).toMatchObject({ status: 'dead-letter', attempts: 1 });
    expect(outcome.lastError).toMatch(/destination URL refused/);
    await endsFailed(jobId);
    expect((await queue.getJob(jobId))?.attemptsMade).toBe(1);
  });

  it('sends a test message now and records it in the destination history', async () => {
    const repository = context.get(WebhookEndpointRepository);
    const id = await repository.create({ team: 'search', url: `${base}/test`, secret: 's3cret' });
    const status = await context.get(DestinationTestMessage).send((await repository.byId(id))!, 'finops');
    expect(status).toBe(200);
    expect(hits.get('/test')).toBe(1);
    const [row] = await context.get(AlertDeliveryRepository).list({ destinationIds: [id] });
    expect(row).toMatchObject({ status: 'delivered', attempts: 1, describe: 'test message' });
    expect(JSON.parse(row.body)).toMatchObject({ team: 'search' });
  });
});
