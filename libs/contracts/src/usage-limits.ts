// The bounds every usage event must respect. They exist so that one bad or hostile sender cannot
// blow up storage, rollups or money columns: every bound here fits the Postgres column it lands in.

/** Largest accepted token count in any field ("below 10^12"): far above any real call or batch. */
export const MAX_TOKENS = 10 ** 12 - 1;

/** Events per batch request (`application/cloudevents-batch+json`). */
export const MAX_BATCH_EVENTS = 1000;

/** Bytes per batch request body. */
export const MAX_BATCH_BYTES = 1024 * 1024;

/**
 * Bytes per single event (one Kafka message). Generous because raw provider events may carry the
 * whole provider response, generated text included; only the usage numbers are kept.
 */
export const MAX_EVENT_BYTES = 256 * 1024;

/** Oldest accepted usage time, relative to `now`: late backfills are fine, ancient ones are typos. */
export const MAX_EVENT_AGE_DAYS = 400;

/** Newest accepted usage time, relative to `now`: tolerates clock skew, not future-dated events. */
export const MAX_EVENT_FUTURE_DAYS = 1;

/** `requests` fits a Postgres integer with room to spare. */
export const MAX_REQUESTS = 1_000_000_000;

export const MAX_TAGS = 32;
export const MAX_TAG_KEY_LENGTH = 64;
export const MAX_TAG_VALUE_LENGTH = 256;

// String bounds match the columns of prisma/schema.prisma (usage_records).
export const MAX_EVENT_ID_LENGTH = 256;
export const MAX_SOURCE_LENGTH = 256;
export const MAX_TEAM_LENGTH = 64;
export const MAX_PROJECT_LENGTH = 128;
export const MAX_PROVIDER_LENGTH = 64;
export const MAX_MODEL_LENGTH = 200;
export const MAX_DEPLOYMENT_LENGTH = 128;

/** Client-supplied costs must fit `Decimal(20, 10)`: 10 integer digits, 10 decimal places. */
export const MAX_COST_INTEGER_DIGITS = 10;
export const MAX_COST_DECIMAL_PLACES = 10;
