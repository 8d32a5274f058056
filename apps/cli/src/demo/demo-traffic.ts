// Drives the demo's usage through the two real front doors: the collector endpoint (HTTP, with
// each team's ingest key) and straight into Kafka, as a client with its own producer would.

import { RecordSigner, signatureHeaders } from '@tokenmeter/contracts';
import type { UsageEventJson } from '@tokenmeter/workload';
import { Kafka } from 'kafkajs';

export interface TrafficTargets {
  apiBaseUrl: string;
  ingestKeys: Record<string, string>;
  /** Each team's ingest key as a signer: records put on Kafka directly count only when signed. */
  signers: Record<string, RecordSigner>;
  kafka: Kafka;
  usageTopic: string;
}

const HTTP_BATCH = 1_000;

export async function sendUsage(
  events: UsageEventJson[],
  targets: TrafficTargets,
  onProgress: (sent: number) => void,
): Promise<void> {
  let sent = 0;
  // Every other team-day block by HTTP, the rest by Kafka: both paths carry real volume.
  const viaHttp = events.filter((_, i) => Math.floor(i / HTTP_BATCH) % 2 === 0);
  const viaKafka = events.filter((_, i) => Math.floor(i / HTTP_BATCH) % 2 === 1);
  const producer = targets.kafka.producer({ maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const http = (async () => {
      const byTeam = new Map<string, UsageEventJson[]>();
      for (const event of viaHttp) byTeam.set(event.subject, [...(byTeam.get(event.subject) ?? []), event]);
      for (const [team, teamEvents] of byTeam) {
        for (let i = 0; i < teamEvents.length; i += HTTP_BATCH) {
          const batch = teamEvents.slice(i, i + HTTP_BATCH);
          const res = await fetch(`${targets.apiBaseUrl}/v1/events`, {
            method: 'POST',
            headers: {
              'content-type': 'application/cloudevents-batch+json',
              authorization: `Bearer ${targets.ingestKeys[team]}`,
            },
            body: JSON.stringify(batch),
          });
          if (res.status !== 202) throw new Error(`collector answered ${res.status}: ${await res.text()}`);
          sent += batch.length;
          onProgress(sent);
        }
      }
    })();
    const kafka = (async () => {
      for (let i = 0; i < viaKafka.length; i += 2_000) {
        const batch = viaKafka.slice(i, i + 2_000);
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
      }
    })();
    await Promise.all([http, kafka]);
  } finally {
    await producer.disconnect();
  }
}
