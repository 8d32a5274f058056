// Drives the demo's usage through the two real front doors at once: the collector endpoint (HTTP,
// with each team's ingest key, several requests in flight) and straight into Kafka, as a client
// with its own producer would.

import { RecordSigner, signatureHeaders } from '@tokenmeter/contracts';
import type { UsageEventJson } from '@tokenmeter/workload';
import { Kafka, Partitioners } from 'kafkajs';

export interface TrafficTargets {
  apiBaseUrl: string;
  ingestKeys: Record<string, string>;
  /** Each team's ingest key as a signer: records put on Kafka directly count only when signed. */
  signers: Record<string, RecordSigner>;
  kafka: Kafka;
  usageTopic: string;
}

const HTTP_BATCH = 1_000;
const KAFKA_BATCH = 2_000;
/** Collector requests in flight, like four clients sending at once. */
const HTTP_CLIENTS = 4;
/** Tries of one collector request before the demo gives up. */
const HTTP_ATTEMPTS = 6;
/** Producer requests in flight. */
const KAFKA_IN_FLIGHT = 4;

/** Splits every other 1,000-event block to HTTP, the rest to Kafka: both paths carry real volume. */
export function splitByFrontDoor(events: readonly UsageEventJson[]): {
  httpBatches: Array<{ team: string; events: UsageEventJson[] }>;
  kafkaBatches: UsageEventJson[][];
} {
  const byTeam = new Map<string, UsageEventJson[]>();
  const viaKafka: UsageEventJson[] = [];
  events.forEach((event, i) => {
    if (Math.floor(i / HTTP_BATCH) % 2 === 1) {
      viaKafka.push(event);
      return;
    }
    const team = byTeam.get(event.subject);
    if (team) team.push(event);
    else byTeam.set(event.subject, [event]);
  });
  const httpBatches: Array<{ team: string; events: UsageEventJson[] }> = [];
  for (const [team, teamEvents] of byTeam)
    for (let i = 0; i < teamEvents.length; i += HTTP_BATCH)
      httpBatches.push({ team, events: teamEvents.slice(i, i + HTTP_BATCH) });
  const kafkaBatches: UsageEventJson[][] = [];
  for (let i = 0; i < viaKafka.length; i += KAFKA_BATCH) kafkaBatches.push(viaKafka.slice(i, i + KAFKA_BATCH));
  return { httpBatches, kafkaBatches };
}

/** Runs `work` over `items` with at most `parallel` calls in flight; the first failure stops the rest. */
async function inParallel<T>(items: readonly T[], parallel: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, lane));
}

export async function sendUsage(
  events: UsageEventJson[],
  targets: TrafficTargets,
  onProgress: (sent: number) => void,
): Promise<void> {
  let sent = 0;
  const { httpBatches, kafkaBatches } = splitByFrontDoor(events);
  // The default partitioner, named: kafkajs otherwise prints a notice about its v2 change.
  const producer = targets.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    const http = inParallel(httpBatches, HTTP_CLIENTS, async (batch) => {
      const body = JSON.stringify(batch.events);
      // A lost connection or a busy server is retried: the events' ids make a resend store nothing twice.
      for (let attempt = 1; ; attempt++) {
        const res = await fetch(`${targets.apiBaseUrl}/v1/events`, {
          method: 'POST',
          headers: {
            'content-type': 'application/cloudevents-batch+json',
            authorization: `Bearer ${targets.ingestKeys[batch.team]}`,
          },
          body,
        }).catch((error: unknown) => {
          if (attempt >= HTTP_ATTEMPTS) throw error;
          return null;
        });
        if (res?.status === 202) break;
        const retryable = res === null || res.status === 429 || res.status >= 500;
        if (!retryable || attempt >= HTTP_ATTEMPTS)
          throw new Error(`collector answered ${res?.status}: ${await res?.text()}`);
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
      }
      sent += batch.events.length;
      onProgress(sent);
    });
    const kafka = inParallel(kafkaBatches, KAFKA_IN_FLIGHT, async (batch) => {
      await producer.send({
        topic: targets.usageTopic,
        acks: -1,
        messages: batch.map((e) => {
          const value = JSON.stringify(e);
          return { key: e.subject, value, headers: signatureHeaders(targets.signers[e.subject]!, value) };
        }),
      });
      sent += batch.length;
      onProgress(sent);
    });
    await Promise.all([http, kafka]);
  } finally {
    await producer.disconnect();
  }
}
