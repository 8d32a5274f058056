// Announcing a large night on finops.recommendations against the real broker: 1,000 recommendations
// of one team (one key, so one partition) of about 11 KB each, as the nightly benchmark's are, is
// 11 MB, more than the topic's 8 MB record-batch limit; they all arrive, in order.
import type { INestApplicationContext } from '@nestjs/common';
import type { RecommendationRow } from '@tokenmeter/db';
import { TOPIC_MAX_MESSAGE_BYTES } from '@tokenmeter/kafka';
import { PUBLISH_SEND_BYTES, RecommendationPublisher } from '@tokenmeter/planner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTopic, topicSize } from '../support/kafka-helpers';
import { startPlannerContext } from '../support/planner-context';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';

function recommendation(i: number): RecommendationRow {
  return {
    runDate: '2026-11-20',
    team: 'search',
    workload: `api:openai/model-${i}`,
    kind: 'STAY_ON_API',
    fingerprint: i.toString(16).padStart(64, '0'),
    announced: true,
    rationale: `recommendation ${i}: ${'evidence '.repeat(300)}`,
    inputs: {
      i,
      months: Array.from({ length: 36 }, (_, m) => ({ month: m + 1, tokens: 1e9 + m, lower: 9e8, upper: 2e9 })),
    },
    numbers: { i, bands: { selfHostFrom: 1e9 }, notes: 'n'.repeat(4_000) },
    assumptionsVersion: 1,
  };
}

describe('RecommendationPublisher', () => {
  let suite: UsageSuite;
  let context: INestApplicationContext;
  beforeAll(async () => {
    suite = await createUsageSuite();
    context = await startPlannerContext(suite.env);
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await suite?.close();
  });

  it('announces a night larger than one record batch may be, every recommendation in order', async () => {
    const rows = Array.from({ length: 1_000 }, (_, i) => recommendation(i));
    const bytes = rows.reduce((s, r) => s + Buffer.byteLength(JSON.stringify(r)), 0);
    expect(bytes).toBeGreaterThan(TOPIC_MAX_MESSAGE_BYTES);
    expect(PUBLISH_SEND_BYTES).toBeLessThan(TOPIC_MAX_MESSAGE_BYTES);

    await context.get(RecommendationPublisher).publish(rows);

    expect(await topicSize(suite.topics.finopsRecommendations)).toBe(rows.length);
    const read = await readTopic(suite.topics.finopsRecommendations, rows.length, 60_000);
    expect(read.map((m) => JSON.parse(String(m.value)).workload)).toEqual(rows.map((r) => r.workload));
    expect(read.every((m) => m.key === 'search' && m.headers['tm-kind'] === 'STAY_ON_API')).toBe(true);
  }, 120_000);
});
