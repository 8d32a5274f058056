import { CLOUDEVENTS_SPEC_VERSION, USAGE_EVENT_TYPE, type UsageCloudEvent } from './cloud-event';
import { type UsageRecord, usageQuantities } from './usage-record';

/**
 * The normalized CloudEvent for a validated record: what the collector endpoint and `tokenmeter
 * emit` put on usage.events, so the consumer validates one format only.
 */
export function usageRecordToCloudEvent(record: UsageRecord): UsageCloudEvent {
  return {
    specversion: CLOUDEVENTS_SPEC_VERSION,
    id: record.id,
    source: record.source,
    type: USAGE_EVENT_TYPE,
    time: record.time,
    subject: record.team,
    datacontenttype: 'application/json',
    data: {
      provider: record.provider,
      model: record.model,
      ...(record.deployment ? { deployment: record.deployment } : {}),
      ...(record.project ? { project: record.project } : {}),
      ...(Object.keys(record.tags).length ? { tags: record.tags } : {}),
      ...usageQuantities(record),
      ...(record.costUsd !== null ? { costUsd: record.costUsd } : {}),
    },
  };
}
