// What became of each usage record the ingest consumed, as the Prometheus counters it exports. The
// names are a contract: dashboards and alerts read them, and so does the demo's progress line.
export const USAGE_RECORD_COUNTERS = {
  /** New idempotency keys: stored. */
  stored: 'tokenmeter_usage_records_stored_total',
  /** Keys already stored (a resent batch, a replayed topic, an earlier demo run): skipped. */
  duplicate: 'tokenmeter_usage_records_duplicate_total',
  /** Records that can never be stored: sent to the dead-letter topic. */
  deadLettered: 'tokenmeter_usage_records_dead_lettered_total',
} as const;
