import { USAGE_RECORD_COUNTERS } from '@tokenmeter/contracts';
import { MetricsService } from '@tokenmeter/observability';
import { describe, expect, it } from 'vitest';
import { eventsConsumed, ingestOutcomes, outcomesSince } from './ingest-outcomes';

describe('ingestOutcomes', () => {
  it("reads the ingest's counters, zero before it has counted anything", async () => {
    const metrics = new MetricsService();
    expect(await ingestOutcomes(metrics)).toEqual({ stored: 0, alreadyStored: 0, refused: 0 });
    metrics.counter(USAGE_RECORD_COUNTERS.stored, 'stored').inc(40);
    metrics.counter(USAGE_RECORD_COUNTERS.duplicate, 'duplicates').inc(2);
    const before = await ingestOutcomes(metrics);
    // A re-run: every event it sends is one an earlier run stored.
    metrics.counter(USAGE_RECORD_COUNTERS.duplicate, 'duplicates').inc(100);
    metrics.counter(USAGE_RECORD_COUNTERS.deadLettered, 'refused').inc(1);
    const since = outcomesSince(await ingestOutcomes(metrics), before);
    expect(since).toEqual({ stored: 0, alreadyStored: 100, refused: 1 });
    expect(eventsConsumed(since)).toBe(101);
  });
});
