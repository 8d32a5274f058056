// Every Kafka topic TokenMeter uses, in one place: apps, scripts/stack.sh and docker-compose read these.

export const Topics = {
  usageEvents: 'usage.events',
  vllmLogs: 'vllm.logs',
  usageEventsDlq: 'usage.events.dlq',
  vllmLogsDlq: 'vllm.logs.dlq',
  finopsAlerts: 'finops.alerts',
  finopsRecommendations: 'finops.recommendations',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/** Partitions per topic: enough for several ingest instances to share the load. */
export const TOPIC_PARTITIONS = 6;

/** Topics with a prefix, so each integration suite can own its topics (`t123.usage.events`). */
export type TopicMap = Record<keyof typeof Topics, string>;

export function topicNames(prefix = ''): TopicMap {
  return Object.fromEntries(Object.entries(Topics).map(([key, name]) => [key, `${prefix}${name}`])) as TopicMap;
}
