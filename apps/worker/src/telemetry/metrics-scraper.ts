// Scrapes each deployment's vLLM and DCGM /metrics endpoints and stores what changed since the
// previous scrape. Per deployment, one transaction locks the stored counters, writes the sample
// and the counter-based usage row (id = scrape time), and saves the new counters: a crash before
// the commit stores nothing and the next scrape counts the increase once; a second worker scraping
// at the same moment waits on the lock and then sees counters newer than its own scrape and skips.
// A failed endpoint is logged and counted, and the other target and deployments go on.
import { Injectable } from '@nestjs/common';
import { redactUrlCredentials } from '@tokenmeter/contracts';
import {
  DatabasePool,
  DeploymentRepository,
  MetricCounterStateRepository,
  StoredDeployment,
  UsageRecordRepository,
  UtilizationSampleRepository,
} from '@tokenmeter/db';
import { MetricsService } from '@tokenmeter/observability';
import {
  type DcgmSnapshot,
  parseDcgmMetrics,
  servingMetricsSnapshot,
  type VllmMetricsSnapshot,
} from '@tokenmeter/telemetry';
import { PinoLogger } from 'nestjs-pino';
import { MetricsEndpointFetcher } from './metrics-endpoint-fetcher';
import { DcgmCounterState, Previous, scrapeReadings, VllmCounterState } from './scrape-readings';

const CONCURRENCY = 8;

export type ScrapeOutcome =
  | {
      deployment: string;
      status: 'stored';
      promptTokens: number | null;
      generationTokens: number | null;
      energyJoules: number | null;
    }
  | { deployment: string; status: 'skipped'; reason: string };

@Injectable()
export class MetricsScraper {
  private readonly failures;
  private readonly scrapes;

  constructor(
    private readonly deployments: DeploymentRepository,
    private readonly fetcher: MetricsEndpointFetcher,
    private readonly db: DatabasePool,
    private readonly states: MetricCounterStateRepository,
    private readonly samples: UtilizationSampleRepository,
    private readonly usage: UsageRecordRepository,
    private readonly logger: PinoLogger,
    metrics: MetricsService,
  ) {
    logger.setContext(MetricsScraper.name);
    this.failures = metrics.counter(
      'tokenmeter_metrics_scrape_failures_total',
      'Metrics endpoint scrapes that failed (unreachable, HTTP error, no metrics)',
      ['target'],
    );
    this.scrapes = metrics.counter(
      'tokenmeter_metrics_scrapes_total',
      'Metrics endpoint scrapes that returned metrics',
      ['target'],
    );
  }

  /** Every deployment with a metrics URL, a few at a time. */
  async scrapeAll(): Promise<ScrapeOutcome[]> {
    const targets = await this.deployments.listScrapeTargets();
    const outcomes: ScrapeOutcome[] = [];
    for (let i = 0; i < targets.length; i += CONCURRENCY) {
      outcomes.push(...(await Promise.all(targets.slice(i, i + CONCURRENCY).map((d) => this.scrape(d)))));
    }
    return outcomes;
  }

  async scrape(deployment: StoredDeployment): Promise<ScrapeOutcome> {
    const at = new Date();
    const [vllm, dcgm] = await Promise.all([
      // The serving engine's own /metrics (vllmMetricsUrl names it for every engine), read by its names.
      this.read(deployment, 'vllm', deployment.vllmMetricsUrl, (text) =>
        servingMetricsSnapshot(deployment.engine, text),
      ),
      this.read(deployment, 'dcgm', deployment.dcgmMetricsUrl, (text) => {
        const snapshot = parseDcgmMetrics(text);
        return snapshot.gpus.length === 0 ? null : snapshot;
      }),
    ]);
    if (!vllm && !dcgm)
      return { deployment: deployment.name, status: 'skipped', reason: 'no endpoint answered with metrics' };

    return this.db.transaction(async (client) => {
      const vllmPrevious = vllm
        ? ((await this.states.lock(client, deployment.name, 'vllm')) as Previous<VllmCounterState> | null)
        : null;
      const dcgmPrevious = dcgm
        ? ((await this.states.lock(client, deployment.name, 'dcgm')) as Previous<DcgmCounterState> | null)
        : null;
      if ((vllmPrevious && vllmPrevious.time >= at) || (dcgmPrevious && dcgmPrevious.time >= at)) {
        return { deployment: deployment.name, status: 'skipped' as const, reason: 'a newer scrape is already stored' };
      }
      const readings = scrapeReadings({
        deployment,
        at,
        vllm: vllm ? { snapshot: vllm, previous: vllmPrevious } : null,
        dcgm: dcgm ? { snapshot: dcgm, previous: dcgmPrevious } : null,
      });
      await this.samples.insertBatch([readings.sample], client);
      if (readings.usage) await this.usage.insertBatch([readings.usage], client);
      if (readings.vllmState) await this.states.save(client, deployment.name, 'vllm', readings.vllmState, at);
      if (readings.dcgmState) await this.states.save(client, deployment.name, 'dcgm', readings.dcgmState, at);
      return {
        deployment: deployment.name,
        status: 'stored' as const,
        promptTokens: readings.promptTokens,
        generationTokens: readings.generationTokens,
        energyJoules: readings.energyJoules,
      };
    });
  }

  private async read<S extends VllmMetricsSnapshot | DcgmSnapshot>(
    deployment: StoredDeployment,
    target: 'vllm' | 'dcgm',
    url: string | null,
    parse: (text: string) => S | null,
  ): Promise<S | null> {
    if (!url) return null;
    try {
      const snapshot = parse(await this.fetcher.fetchText(url));
      if (!snapshot) {
        const what = target === 'vllm' ? `${deployment.engine} serving` : 'DCGM_FI_';
        throw new Error(`no ${what} metrics in the response`);
      }
      this.scrapes.inc({ target });
      return snapshot;
    } catch (error) {
      this.failures.inc({ target });
      this.logger.warn(
        { deployment: deployment.name, target, url: redactUrlCredentials(url), error: (error as Error).message },
        'metrics scrape failed',
      );
      return null;
    }
  }
}
