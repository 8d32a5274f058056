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
const flag = z
  .enum(['true', 'false'], { error: 'expected true or false' })
  .transform((value) => value === 'true')
  .or(z.boolean());
/** Comma-separated CIDR blocks (10.0.0.0/8, fd00::/8) or single addresses; empty for none. */
const networkList = z
  .string()
  .regex(
    /^([0-9a-fA-F:.]+(\/\d{1,3})?(\s*,\s*[0-9a-fA-F:.]+(\/\d{1,3})?)*)?$/,
    'expected comma-separated addresses or CIDR blocks such as 10.0.0.0/8,fd00::/8 (or nothing)',
  );
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
  /**
   * How this process signs in to Kafka: SASL over the broker's SASL_PLAINTEXT listener (the local stack uses
   * scram-sha-512), or none for a broker without authentication.
   */
  KAFKA_SASL_MECHANISM: z.enum(['none', 'plain', 'scram-sha-256', 'scram-sha-512']).default('scram-sha-512'),
  /** This process's Kafka principal (scripts/stack.sh: tokenmeter-api, -ingest, -worker, -producer). */
  KAFKA_USERNAME: z.string().default(''),
  /** The principal's password; required, with KAFKA_USERNAME, unless KAFKA_SASL_MECHANISM is none. */
  KAFKA_PASSWORD: z.string().default(''),
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
  /**
   * Records written per database statement by the ingest consumer. 10,000 is about one 4 MB fetch of a
   * partition: in bench:ingest it stored 6–10 % more per second than 5,000 (fewer transactions, commits and
   * decode tasks per event); p99 latency at a steady 20k events/s stayed within the run-to-run spread.
   */
  INGEST_MICRO_BATCH: positiveInt.max(50_000).default(10_000),
  /**
   * Worker threads that decode, validate, price and encode usage events for the ingest consumer (0: its own thread).
   * Two by default, a fixed figure so that manifests and docs can state it: even on two cores a second thread pays,
   * since the main thread waits on Kafka and Postgres much of the time (bench:ingest 47k → 57k events/s in one run).
   */
  INGEST_DECODE_THREADS: z.coerce.number().int().min(0).max(64).default(2),
  /**
   * Whether the ingest consumer refuses usage records that carry no signature (a key's HMAC, see README "Security"). A
   * signed record is always checked; false lets unsigned records through, for a cluster where every principal that may
   * write usage.events is trusted with every team (a librdkafka shipper that cannot sign, say).
   */
  INGEST_REQUIRE_SIGNED_RECORDS: z
    .enum(['true', 'false'], { message: 'expected true or false' })
    .default('true')
    .transform((value) => value === 'true'),
  /**
   * Whether the ingest consumer refuses vllm.logs records without a signature by a key of the team that owns the
   * deployment (the same headers as usage records, over the record's value). A signed record is always checked;
   * false lets unsigned lines through, for shippers that cannot sign (Fluent Bit, Filebeat) when every principal
   * that may write vllm.logs is trusted with every team's deployments.
   */
  INGEST_REQUIRE_SIGNED_LOGS: z
    .enum(['true', 'false'], { message: 'expected true or false' })
    .default('true')
    .transform((value) => value === 'true'),
  /** /readyz of ingest turns not-ready when a partition has lag and no commit for this long. */
  INGEST_STALL_SECONDS: positiveInt.max(86_400).default(120),
  API_PORT: port.default(3000),
  INGEST_HTTP_PORT: port.default(3001),
  WORKER_HTTP_PORT: port.default(3002),
  API_HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** A file the JSON logs (the apps' and kafkajs') are appended to instead of stdout/stderr; empty: the streams. */
  LOG_FILE: z.string().default(''),
  /**
   * Ingest requests (POST /v1/events, /v1/usage/*) per API key and minute, bursts up to that; 0 turns the limit off.
   */
  INGEST_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(1200),
  /**
   * Express "trust proxy": the proxies whose X-Forwarded-For/-Proto are believed (e.g. `loopback`, `10.0.0.0/8`,
   * a hop count such as `1`); empty trusts none. Session cookies are Secure when the request or a trusted proxy is TLS.
   */
  API_TRUSTED_PROXY: z
    .string()
    .regex(/^[\w.:/, -]*$/, 'expected loopback, addresses, CIDR blocks or a hop count, comma-separated')
    .default(''),
  /** Whether /metrics answers without a finops key. */
  API_METRICS_PUBLIC: flag.default(true),
  /** Whether /docs (Swagger UI and the OpenAPI document) answers without a finops key. */
  API_DOCS_PUBLIC: flag.default(true),
  /** Longest range, in days, that /v1/usage, /v1/usage.csv and the FOCUS export read in one request. */
  API_MAX_RANGE_DAYS: positiveInt.max(3660).default(400),
  /**
   * Networks a deployment's metrics URL may point into besides the public internet. Private, loopback, link-local
   * (cloud metadata) and other special addresses are refused unless listed here.
   */
  METRICS_ALLOWED_NETWORKS: networkList.default(''),
  /** When the nightly chain runs (cron, UTC). */
  NIGHTLY_CRON: z.string().min(9).default('0 2 * * *'),
  /** Worker threads of the nightly forecast step; 0: one per core. */
  PLANNER_FORECAST_THREADS: z.coerce.number().int().min(0).max(64).default(0),
  /** Missed nights the worker plans at start-up (oldest first); 0 turns catch-up off. */
  PLANNER_CATCHUP_NIGHTS: z.coerce.number().int().min(0).max(400).default(31),
  /** Hosts (comma-separated) alert destinations may use although they are private or loopback. */
  ALERT_ALLOWED_HOSTS: z
    .string()
    .regex(/^[^\s,]*(,[^\s,]+)*$/, 'expected host names or addresses separated by commas')
    .default(''),
  /** Allow plain http:// destination URLs (for a local receiver); https only otherwise. */
  ALERT_ALLOW_HTTP: z.enum(['true', 'false']).default('false'),
  /** The public address of the pages; alerts link to their evidence under it (no link when empty). */
  ALERT_LINK_BASE_URL: z.union([z.literal(''), url(['https:', 'http:'], 'https://tokenmeter.example.com')]).default(''),
  /** SMTP server for email destinations (smtp:// or smtps://); email destinations are refused when empty. */
  SMTP_URL: z.union([z.literal(''), url(['smtp:', 'smtps:'], 'smtp://mail.example.com:587')]).default(''),
  /** The From address of alert emails. */
  ALERT_EMAIL_FROM: z.string().email('expected an email address').default('tokenmeter@localhost.localdomain'),
  /** How often the API refreshes its in-memory budget figures that GET /v1/budgets/status answers from. */
  BUDGET_STATUS_REFRESH_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
  /** How often the worker checks budgets for crossed thresholds and day spend against its forecast. */
  BUDGET_ALERT_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(300),
});

export type AppConfig = z.infer<typeof configSchema>;

/** Every variable the schema knows, for docs and the docker-compose consistency test. */
export const CONFIG_VARIABLES = Object.keys(configSchema.shape) as (keyof AppConfig)[];
