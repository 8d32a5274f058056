// What the demo's in-process ingest did with the usage events it consumed, from its own counters:
// stored (new event ids), already stored (ids seen before: an earlier demo run, a resent request) and
// refused (dead-lettered). Counting the demo's rows instead would call an earlier run's events
// ingested before this run had sent any.
import { USAGE_RECORD_COUNTERS } from '@tokenmeter/contracts';
import type { MetricsService } from '@tokenmeter/observability';
import type { Counter } from 'prom-client';

export interface IngestOutcomes {
  stored: number;
  alreadyStored: number;
  refused: number;
}

export async function ingestOutcomes(metrics: MetricsService): Promise<IngestOutcomes> {
  const value = async (name: string) => {
    const counter = metrics.registry.getSingleMetric(name) as Counter | undefined;
    return counter ? ((await counter.get()).values[0]?.value ?? 0) : 0;
  };
  const [stored, alreadyStored, refused] = await Promise.all([
    value(USAGE_RECORD_COUNTERS.stored),
    value(USAGE_RECORD_COUNTERS.duplicate),
    value(USAGE_RECORD_COUNTERS.deadLettered),
  ]);
  return { stored, alreadyStored, refused };
}

/** The outcomes between two readings. */
export function outcomesSince(now: IngestOutcomes, before: IngestOutcomes): IngestOutcomes {
  return {
    stored: now.stored - before.stored,
    alreadyStored: now.alreadyStored - before.alreadyStored,
    refused: now.refused - before.refused,
  };
}

export const eventsConsumed = (o: IngestOutcomes) => o.stored + o.alreadyStored + o.refused;
