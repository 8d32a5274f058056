import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import { DatabasePool } from '@tokenmeter/db';
import { KAFKA } from '@tokenmeter/kafka';
import Redis from 'ioredis';
import { Admin, Kafka } from 'kafkajs';

export interface ReadinessReport {
  ready: boolean;
  checks: Record<'postgres' | 'redis' | 'kafka', { ok: boolean; error?: string; ms: number }>;
}

const CHECK_TIMEOUT_MS = 2_000;

/** /readyz: can this process reach Postgres, Redis and Kafka right now. */
@Injectable()
export class ReadinessService implements OnModuleDestroy {
  private readonly redis: Redis;
  private admin: Admin | null = null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly db: DatabasePool,
    @Inject(KAFKA) private readonly kafka: Kafka,
  ) {
    this.redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.redis.on('error', () => undefined);
  }

  async check(): Promise<ReadinessReport> {
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
    return { ready: postgres.ok && redis.ok && kafka.ok, checks: { postgres, redis, kafka } };
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
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS)),
    ]);
    return { ok: true, ms: Date.now() - started };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error), ms: Date.now() - started };
  }
}
