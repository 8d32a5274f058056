// Creates TokenMeter's topics (libs/contracts) on a cluster when they are missing. Used by
// scripts/create-topics.ts (stack.sh, the compose `topics` service) and by integration tests,
// which pass their own prefix so each suite owns its topics. The broker runs with
// auto.create.topics.enable=false, so a topic exists only if this (or an operator) made it.

import { TOPIC_PARTITIONS, topicNames } from '@tokenmeter/contracts';
import { Admin, ConfigResourceTypes, Kafka, logLevel, SASLOptions } from 'kafkajs';
import { EnsureAclsOptions, ensureAcls } from './ensure-acls';

/**
 * A producer batch bound for one partition (a team's 1,000-event collector request, say) can pass
 * the broker's 1 MiB default; 8 MiB leaves room without letting a runaway client hog the log.
 */
export const TOPIC_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

export interface EnsureTopicsOptions {
  clientId?: string;
  /** 1 for the single-node local stack; raise it for a real cluster. */
  replicationFactor?: number;
  /** The admin's sign-in (see kafkaSasl); none for a broker without authentication. */
  sasl?: SASLOptions;
  /** Also grants TokenMeter's principals their ACLs on these topics (a broker with an authorizer). */
  acls?: EnsureAclsOptions;
}

export interface EnsureTopicsResult {
  created: string[];
  /** Left alone, whatever their partition count or configuration. */
  existing: string[];
  /** ACLs ensured (0 without options.acls). */
  acls: number;
}

export async function ensureTopics(
  brokers: string[],
  prefix = '',
  options: EnsureTopicsOptions = {},
): Promise<EnsureTopicsResult> {
  const wanted = Object.values(topicNames(prefix));
  // Errors still reach the caller as exceptions; kafkajs' own log lines would only repeat them.
  const kafka = new Kafka({
    clientId: options.clientId ?? 'tokenmeter-topics',
    brokers,
    logLevel: logLevel.NOTHING,
    sasl: options.sasl,
    retry: { retries: 5 },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const present = new Set(await admin.listTopics());
    const missing = wanted.filter((topic) => !present.has(topic));
    if (missing.length > 0) {
      // A concurrent caller may create the same topic first; kafkajs treats "already exists" as
      // success (returns false), so the race is harmless.
      await admin.createTopics({
        topics: missing.map((topic) => ({
          topic,
          numPartitions: TOPIC_PARTITIONS,
          replicationFactor: options.replicationFactor ?? 1,
          configEntries: [{ name: 'max.message.bytes', value: String(TOPIC_MAX_MESSAGE_BYTES) }],
        })),
      });
      await waitForLeaders(admin, missing);
    }
    // Topics made before this setting existed get it too (idempotent, no restart needed).
    const existing = wanted.filter((topic) => present.has(topic));
    if (existing.length > 0) {
      await admin.alterConfigs({
        validateOnly: false,
        resources: existing.map((name) => ({
          type: ConfigResourceTypes.TOPIC,
          name,
          configEntries: [{ name: 'max.message.bytes', value: String(TOPIC_MAX_MESSAGE_BYTES) }],
        })),
      });
    }
    const acls = options.acls ? await ensureAcls(admin, { prefix, ...options.acls }) : 0;
    return { created: missing, existing: wanted.filter((topic) => present.has(topic)), acls };
  } finally {
    await admin.disconnect();
  }
}

/** How long new topics may take to get a leader for every partition (a busy broker takes seconds). */
const LEADERS_TIMEOUT_MS = 60_000;

/**
 * Waits until every partition of `topics` has a leader. kafkajs' own wait (createTopics'
 * waitForLeaders) gives up after its few retries when a loaded broker is still propagating the new
 * topics' metadata ("This server does not host this topic-partition"); this one keeps asking.
 */
async function waitForLeaders(admin: Admin, topics: string[]): Promise<void> {
  const until = Date.now() + LEADERS_TIMEOUT_MS;
  for (;;) {
    const ready = await admin
      .fetchTopicMetadata({ topics })
      .then(
        ({ topics: found }) =>
          found.length === topics.length && found.every((t) => t.partitions.every((p) => p.leader >= 0)),
      )
      .catch(() => false);
    if (ready) return;
    if (Date.now() > until) throw new Error(`topics ${topics.join(', ')}: no leader after ${LEADERS_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
