// The environment TokenMeter reads, as one typed schema. Defaults point at the local stack
// that scripts/stack.sh starts; docker-compose.yml sets the same names (a test keeps them in step).
import { z } from 'zod';

const url = (protocols: string[], example: string) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `expected a ${protocols.map((p) => `${p}//`).join(' or ')} URL such as ${example}` },
  );

const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().positive();

export const configSchema = z.object({
  DATABASE_URL: url(['postgresql:', 'postgres:'], 'postgresql://postgres@127.0.0.1:5432/tokenmeter').default(
    'postgresql://postgres@127.0.0.1:5432/tokenmeter',
  ),
  REDIS_URL: url(['redis:', 'rediss:'], 'redis://127.0.0.1:6379').default('redis://127.0.0.1:6379'),
  KAFKA_BROKERS: z
    .string()
    .regex(/^[^\s,:]+:\d+(,[^\s,:]+:\d+)*$/, 'expected host:port[,host:port…]')
    .default('127.0.0.1:9092'),
  KAFKA_CLIENT_ID: z.string().min(1).default('tokenmeter'),
  /** Compression of the records this process produces; every codec is read whatever this says. */
  KAFKA_COMPRESSION: z.enum(['none', 'gzip', 'snappy', 'lz4', 'zstd']).default('none'),
  /** Prefix for topic names, so several environments (or test suites) can share one cluster. */
  TOPIC_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9._-]*$/, 'expected letters, digits, ".", "_" or "-"')
    .default(''),
  /** Prefix for BullMQ queue keys in Redis. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/, 'expected letters, digits, "_" or "-"')
    .default('tokenmeter'),
  INGEST_GROUP_ID: z.string().min(1).default('tokenmeter-ingest'),
  /** Records written per database statement by the ingest consumer. */
  INGEST_MICRO_BATCH: positiveInt.max(50_000).default(5_000),
  /**
   * Worker threads that decode, validate, price and encode usage events for the ingest consumer (0: its own thread).
   */
  INGEST_DECODE_THREADS: z.coerce.number().int().min(0).max(64).default(1),
  /** /readyz of ingest turns not-ready when a partition has lag and no commit for this long. */
  INGEST_STALL_SECONDS: positiveInt.max(86_400).default(120),
  API_PORT: port.default(3000),
  INGEST_HTTP_PORT: port.default(3001),
  WORKER_HTTP_PORT: port.default(3002),
  API_HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Ingest requests (POST /v1/events, /v1/usage/*) per API key and minute, bursts up to that; 0 turns the limit off.
   */
  INGEST_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(1200),
  /** When the nightly chain runs (cron, UTC). */
  NIGHTLY_CRON: z.string().min(9).default('0 2 * * *'),
  /** Missed nights the worker plans at start-up (oldest first); 0 turns catch-up off. */
  PLANNER_CATCHUP_NIGHTS: z.coerce.number().int().min(0).max(400).default(31),
  /** How often the API refreshes its in-memory budget figures that GET /v1/budgets/status answers from. */
  BUDGET_STATUS_REFRESH_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
  /** How often the worker checks budgets for crossed thresholds and day spend against its forecast. */
  BUDGET_ALERT_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(300),
});

export type AppConfig = z.infer<typeof configSchema>;

/** Every variable the schema knows, for docs and the docker-compose consistency test. */
export const CONFIG_VARIABLES = Object.keys(configSchema.shape) as (keyof AppConfig)[];
