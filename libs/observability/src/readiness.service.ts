import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import { DatabasePool } from '@tokenmeter/db';
import { KAFKA } from '@tokenmeter/kafka';
import Redis from 'ioredis';
import { Admin, Kafka } from 'kafkajs';

export interface CheckResult {
  ok: boolean;
  error?: string;
  ms: number;
}

export interface ReadinessReport {
  ready: boolean;
  /** postgres, redis and kafka, plus what the process registered (e.g. each ingest consumer). */
  checks: Record<string, CheckResult>;
}

/** A process-specific condition: throws (with the reason) when the process is not ready. */
export type ReadinessProbe = () => Promise<void>;

const CHECK_TIMEOUT_MS = 2_000;

/** /readyz: can this process reach Postgres, Redis and Kafka right now, and is it doing its job. */
@Injectable()
export class ReadinessService implements OnModuleDestroy {
  private readonly redis: Redis;
  private admin: Admin | null = null;
  private readonly probes = new Map<string, ReadinessProbe>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly db: DatabasePool,
    @Inject(KAFKA) private readonly kafka: Kafka,
  ) {
    this.redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.redis.on('error', () => undefined);
  }

  /** Adds a check of this process's own (ingest: each consumer's membership, crashes and progress). */
  register(name: string, probe: ReadinessProbe): void {
    this.probes.set(name, probe);
  }

  async check(): Promise<ReadinessReport> {
    const own = await Promise.all([...this.probes].map(async ([name, probe]) => [name, await timed(probe)] as const));
    const [postgres, redis, kafka] = await Promise.all([
      timed(() => this.db.query('SELECT 1')),
      timed(async () => {
        if (this.redis.status === 'wait' || this.redis.status === 'end') await this.redis.connect();
        await this.redis.ping();
      }),
      timed(async () => {
        this.admin ??= this.kafka.admin();
        await this.admin.connect();
        await this.admin.describeCluster();
      }),
    ]);
    const checks: Record<string, CheckResult> = { postgres, redis, kafka, ...Object.fromEntries(own) };
    return { ready: Object.values(checks).every((check) => check.ok), checks };
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
    await this.admin?.disconnect();
  }
}

async function timed(probe: () => Promise<unknown>) {
  const started = Date.now();
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS),
      ),
    ]);
    return { ok: true, ms: Date.now() - started };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error), ms: Date.now() - started };
  }
}
