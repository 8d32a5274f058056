// Each consumer's part of /readyz (member of its group, not crash-looping, no partition stalled
// with lag) and, on every /metrics scrape, its partitions' lag and last-commit age.
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import type { BatchConsumer } from '@tokenmeter/kafka';
import { MetricsService, ReadinessService } from '@tokenmeter/observability';
import { Gauge } from 'prom-client';

@Injectable()
export class ConsumerHealth {
  private readonly consumers: Array<{ topic: string; consumer: BatchConsumer<unknown> }> = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly readiness: ReadinessService,
    metrics: MetricsService,
  ) {
    const labelNames = ['topic', 'partition'] as const;
    const consumers = this.consumers;
    const stallMs = () => this.config.INGEST_STALL_SECONDS * 1000;
    new Gauge({
      name: 'tokenmeter_ingest_partition_lag',
      help: 'Records between the committed offset and the log end, per partition this instance holds',
      labelNames,
      registers: [metrics.registry],
      async collect() {
        this.reset();
        for (const { topic, consumer } of consumers) {
          for (const p of (await consumer.status(stallMs())).partitions) {
            if (p.lag !== null) this.set({ topic, partition: String(p.partition) }, p.lag);
          }
        }
      },
    });
    new Gauge({
      name: 'tokenmeter_ingest_partition_last_commit_age_seconds',
      help: 'Seconds since the committed offset of a partition this instance holds last moved',
      labelNames,
      registers: [metrics.registry],
      async collect() {
        this.reset();
        for (const { topic, consumer } of consumers) {
          for (const p of (await consumer.status(stallMs())).partitions) {
            this.set({ topic, partition: String(p.partition) }, Math.round(p.lastCommitAgeSeconds));
          }
        }
      },
    });
  }

  watch(name: string, topic: string, consumer: BatchConsumer<unknown>): void {
    this.consumers.push({ topic, consumer });
    this.readiness.register(`consumer:${name}`, async () => {
      const verdict = await consumer.status(this.config.INGEST_STALL_SECONDS * 1000);
      if (!verdict.ready) throw new Error(verdict.problems.join('; '));
    });
  }
}
