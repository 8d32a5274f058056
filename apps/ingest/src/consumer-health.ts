// Each consumer's part of /readyz (member of its group, not crash-looping, no partition stalled
// with lag) and, on every /metrics scrape, its partitions' lag and last-commit age.
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import type { BatchConsumer, PartitionProgress } from '@tokenmeter/kafka';
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
    const consumers = this.consumers;
    const stallMs = () => this.config.INGEST_STALL_SECONDS * 1000;
    const perPartition = (name: string, help: string, value: (p: PartitionProgress) => number | null) =>
      new Gauge({
        name,
        help,
        labelNames: ['topic', 'partition'] as const,
        registers: [metrics.registry],
        async collect() {
          this.reset();
          for (const { topic, consumer } of consumers) {
            for (const p of (await consumer.status(stallMs())).partitions) {
              const v = value(p);
              if (v !== null) this.set({ topic, partition: String(p.partition) }, v);
            }
          }
        },
      });
    perPartition(
      'tokenmeter_ingest_partition_lag',
      'Records between the committed offset and the log end, per partition this instance holds',
      (p) => p.lag,
    );
    perPartition(
      'tokenmeter_ingest_partition_last_commit_age_seconds',
      'Seconds since the committed offset of a partition this instance holds last moved',
      (p) => Math.round(p.lastCommitAgeSeconds),
    );
  }

  watch(name: string, topic: string, consumer: BatchConsumer<unknown>): void {
    this.consumers.push({ topic, consumer });
    this.readiness.register(`consumer:${name}`, async () => {
      const verdict = await consumer.status(this.config.INGEST_STALL_SECONDS * 1000);
      if (!verdict.ready) throw new Error(verdict.problems.join('; '));
    });
  }
}
