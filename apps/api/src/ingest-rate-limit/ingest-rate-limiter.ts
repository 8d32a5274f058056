// A token bucket per API key in Redis, so every API instance shares one budget per key. Capacity is
// one minute's worth (bursts up to a minute's allowance), refilled continuously. The bucket update
// is one Lua script: atomic, and timed by the Redis clock so instances' clocks need not agree.
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import { MetricsService } from '@tokenmeter/observability';
import Redis from 'ioredis';

const TAKE_TOKEN = `
local capacity = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * perMs)
local waitMs = 0
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  waitMs = math.ceil((1 - tokens) / perMs)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / perMs) + 1000)
return { allowed, waitMs }
`;

export interface RateDecision {
  allowed: boolean;
  /** Seconds until a request would be allowed (0 when allowed). */
  retryAfterSeconds: number;
}

@Injectable()
export class IngestRateLimiter implements OnModuleDestroy {
  private readonly logger = new Logger(IngestRateLimiter.name);
  private readonly redis: Redis;
  private readonly perMinute: number;
  private readonly prefix: string;
  private readonly failOpen;

  constructor(@Inject(APP_CONFIG) config: AppConfig, metrics: MetricsService) {
    this.failOpen = metrics.counter(
      'tokenmeter_ingest_rate_limit_fail_open_total',
      'Ingest requests let through without a rate-limit check because Redis did not answer',
    );
    this.perMinute = config.INGEST_RATE_LIMIT_PER_MINUTE;
    this.prefix = `${config.QUEUE_PREFIX}:ratelimit:ingest:`;
    this.redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: true });
    this.redis.on('error', () => undefined);
  }

  get limitPerMinute(): number {
    return this.perMinute;
  }

  /** Takes one request from the key's bucket. 0 disables the limit. */
  async take(keyId: string): Promise<RateDecision> {
    if (this.perMinute === 0) return { allowed: true, retryAfterSeconds: 0 };
    try {
      const [allowed, waitMs] = (await this.redis.eval(
        TAKE_TOKEN,
        1,
        this.prefix + keyId,
        this.perMinute,
        this.perMinute / 60_000,
      )) as [number, number];
      return { allowed: allowed === 1, retryAfterSeconds: allowed === 1 ? 0 : Math.max(1, Math.ceil(waitMs / 1000)) };
    } catch (error) {
      // The limiter protects the pipeline; it must not become the reason usage is refused. Failing
      // open is said out loud: a counter to alert on, and a warning per request.
      this.failOpen.inc();
      this.logger.warn(`ingest rate limit not applied (failing open), Redis unavailable: ${(error as Error).message}`);
      return { allowed: true, retryAfterSeconds: 0 };
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }
}
