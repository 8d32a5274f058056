// The demo's clients: its four teams' usage (half through the collector endpoint, half straight into
// Kafka) and its two deployments' vLLM logs. They run in a worker thread of their own, as real clients
// run in processes of their own: on the demo's main thread, beside the apps they send to, building and
// sending 171,272 events and 43,012 log lines kept that thread busy for the first ten seconds while
// the decode threads waited, and nothing was stored until the sending was nearly done.

import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AppConfig } from '@tokenmeter/config';
import type { RecordSigner } from '@tokenmeter/contracts';
import { createKafka } from '@tokenmeter/kafka';
import { DEMO_TEAMS, usageWorkload } from '@tokenmeter/workload';
import { sendUsage } from './demo-traffic';
import { demoVllmLogs, shipVllmLogs } from './demo-vllm-logs';

export interface DemoClientsInput {
  config: AppConfig;
  apiBaseUrl: string;
  topics: { usageEvents: string; vllmLogs: string };
  /** The usage workload: `days` days from `start` (ISO), its volume scaled by `scale`. */
  usage: { start: string; days: number; scale: number; source: string };
  /** The hour the vLLM logs end (ISO). */
  logsEnd: string;
}

/** The keys the clients send with, made by the demo's seeding (the clients prepare meanwhile). */
export interface DemoClientsKeys {
  /** Each team's ingest key, and the same key as a signer of the records it puts on Kafka. */
  ingestKeys: Record<string, string>;
  signers: Record<string, RecordSigner>;
  /** The signer of each deployment's log records: its owning team's key. */
  deploymentSigners: Record<string, RecordSigner>;
}

export type DemoClientsMessage =
  | { kind: 'prepared'; usageEvents: number; logLines: number; statsLines: number }
  | { kind: 'usage-sent' }
  | { kind: 'logs-shipped' };

/**
 * What the clients do, in whichever thread runs them: build the traffic, then send it once `keys` come;
 * `post` tells the demo how far they are.
 */
export async function runDemoClients(
  input: DemoClientsInput,
  keys: Promise<DemoClientsKeys>,
  post: (message: DemoClientsMessage) => void,
) {
  // Stable ids per day and team: running the demo again stores nothing twice.
  const events = [
    ...usageWorkload({
      teams: DEMO_TEAMS,
      start: new Date(input.usage.start),
      days: input.usage.days,
      scale: input.usage.scale,
      callsPerEvent: 10,
      source: input.usage.source,
    }),
  ];
  const logs = demoVllmLogs(new Date(input.logsEnd));
  post({ kind: 'prepared', usageEvents: events.length, logLines: logs.messages.length, statsLines: logs.statsLines });
  const { config } = input;
  const kafka = createKafka(config, 'tokenmeter-demo', config.LOG_LEVEL, config.LOG_FILE);
  const { ingestKeys, signers, deploymentSigners } = await keys;
  const shipping = shipVllmLogs(kafka, input.topics.vllmLogs, logs.messages, (d) => deploymentSigners[d]!);
  const targets = { apiBaseUrl: input.apiBaseUrl, ingestKeys, signers, kafka, usageTopic: input.topics.usageEvents };
  const sending = sendUsage(events, targets, () => undefined);
  await Promise.all([
    sending.then(() => post({ kind: 'usage-sent' })),
    shipping.then(() => post({ kind: 'logs-shipped' })),
  ]);
}

/**
 * The clients, started in a worker thread: they build their traffic at once and send it when `send` gives
 * them the keys; each promise settles as they get there (or fail).
 */
export function startDemoClients(input: DemoClientsInput) {
  const worker = new Worker(path.join(__dirname, 'demo-clients.worker.js'), { workerData: input });
  const waiting = {
    prepared: deferred<Extract<DemoClientsMessage, { kind: 'prepared' }>>(),
    'usage-sent': deferred<unknown>(),
    'logs-shipped': deferred<unknown>(),
  };
  const failAll = (error: Error) => {
    for (const one of Object.values(waiting)) one.reject(error);
  };
  worker.on('message', (message: DemoClientsMessage) => waiting[message.kind].resolve(message as never));
  worker.on('error', failAll);
  worker.on('exit', (code) =>
    failAll(new Error(`the demo's clients stopped (exit code ${code}) before they finished`)),
  );
  return {
    prepared: waiting.prepared.promise,
    usageSent: waiting['usage-sent'].promise,
    logsShipped: waiting['logs-shipped'].promise,
    send: (keys: DemoClientsKeys) => worker.postMessage(keys),
    stop: () => worker.terminate(),
  };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Awaited later, or never (a failure elsewhere stops the demo first): not an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
