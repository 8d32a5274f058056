// One micro-batch of vllm.logs (the self-hosted logs topic, every engine): open each shipper envelope,
// find the deployment, parse the line with libs/telemetry's parser for the deployment's engine
// (prompt text, prompt token ids and generated text never leave the parser),
// then store utilization samples and self-hosted usage rows in bulk. Unparseable lines are counted
// and skipped; lines for unknown deployments go to vllm.logs.dlq with a redacted value (see
// `deadLetter`). Throws only for failures that may pass (database down): the batch is retried.
//
// One Kafka message is one record: the stateless `parseVllmRecord`, not the stream parser. The
// stream parser holds each record until the next line shows no wrapped continuation follows, and a
// record held past a micro-batch would be committed in Kafka before being stored.
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import { isDeploymentName, TopicMap } from '@tokenmeter/contracts';
import {
  isTransientDatabaseError,
  StoredDeployment,
  UsageRecordRepository,
  UtilizationSampleRepository,
  unnamedSampleKey,
} from '@tokenmeter/db';
import { DeadLetter, DeadLetterPublisher, MicroBatch, TOPICS } from '@tokenmeter/kafka';
import { MetricsService } from '@tokenmeter/observability';
import {
  type EngineLogRecord,
  type PrefixCacheRecord,
  parseEngineLine,
  parseVllmRecord,
  type VllmLogRecord,
} from '@tokenmeter/telemetry';
import { IHeaders, KafkaMessage } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { SigningKeysProvider } from '../usage/signing-keys.provider';
import { DEPLOYMENT_HEADER, DeploymentHints, matchDeployment } from './deployment-match';
import { DeploymentResolver } from './deployment-resolver';
import { engineLogRows, isDecodeLine, rankOf, TimedEngineStats, TimedRequestUsage } from './engine-log-rows';
import { type FromReplica, logSeriesKey, REPLICA_HEADER, replicaName, replicaOf } from './log-series';
import { logSignatureRefusal, presentedSignature } from './log-signature';
import { engineOf, logStatsRows, TimedStats } from './log-stats-rows';
import { openShipperEnvelope, ShippedLine } from './shipper-envelope';

/** Header on dead letters whose value is not the original message. */
export const DLQ_REDACTED_HEADER = 'tokenmeter-dlq-redacted';

export type LineOutcome =
  | VllmLogRecord['kind']
  | 'unparseable'
  | 'unknown-deployment'
  | 'rejected'
  | 'refused-signature';

interface Routed {
  deployment: StoredDeployment;
  stats: TimedStats[];
  prefixCache: Array<PrefixCacheRecord & { time: string } & FromReplica>;
  /** Other engines' records: stats lines and finished requests with token counts. */
  engineStats: TimedEngineStats[];
  requests: TimedRequestUsage[];
}

function headerText(headers: IHeaders | undefined, name: string): string | null {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined || first === null) return null;
  return (Buffer.isBuffer(first) ? first.toString('utf8') : String(first)).trim() || null;
}

function kafkaTime(message: KafkaMessage): string | null {
  const ms = Number(message.timestamp);
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : null;
}

/** A line without a vLLM or uvicorn head, a blank one, or a shipper event without a line. */
function isUnparseable(record: VllmLogRecord | EngineLogRecord | null): boolean {
  return record === null || (record.kind === 'other' && record.level === null && record.message === null);
}

@Injectable()
export class VllmLogBatchHandler {
  private readonly lines;
  private readonly samplesStored;
  private readonly usageStored;
  private readonly requireSignatures: boolean;

  constructor(
    private readonly resolver: DeploymentResolver,
    private readonly samples: UtilizationSampleRepository,
    private readonly usage: UsageRecordRepository,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly signingKeys: SigningKeysProvider,
    @Inject(TOPICS) private readonly topics: TopicMap,
    @Inject(APP_CONFIG) config: AppConfig,
    metrics: MetricsService,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(VllmLogBatchHandler.name);
    this.requireSignatures = config.INGEST_REQUIRE_SIGNED_LOGS;
    this.lines = metrics.counter(
      'tokenmeter_vllm_log_lines_total',
      'vllm.logs messages by outcome: the record kind parsed, unparseable, unknown-deployment and ' +
        'refused-signature (to the DLQ), or rejected (implausible numbers)',
      ['outcome'],
    );
    this.samplesStored = metrics.counter(
      'tokenmeter_vllm_utilization_samples_stored_total',
      'Utilization samples stored from vLLM stats lines',
    );
    this.usageStored = metrics.counter(
      'tokenmeter_vllm_usage_rows_stored_total',
      'Self-hosted usage rows (log estimates) stored',
    );
  }

  async handle(batch: MicroBatch): Promise<void> {
    let known = await this.resolver.current();
    const routed = new Map<string, Routed>();
    const letters: DeadLetter[] = [];
    const outcomes = new Map<LineOutcome, number>();
    const count = (outcome: LineOutcome, n = 1) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + n);
    const keys = (await this.signingKeys.current(batch.messages.map((m) => presentedSignature(m.headers).keyId))).byId;

    for (const message of batch.messages) {
      const envelope = openShipperEnvelope(message.value);
      const hints: DeploymentHints = {
        key: message.key?.toString('utf8') ?? null,
        header: headerText(message.headers, DEPLOYMENT_HEADER),
        field: envelope.deploymentField,
        labels: envelope.kubernetesLabels,
      };
      let match = matchDeployment(hints, known);
      if (!match.ok) {
        known = await this.resolver.afterMiss();
        match = matchDeployment(hints, known);
      }
      const refusal = match.ok ? logSignatureRefusal(message, match.deployment, keys, this.requireSignatures) : null;
      if (refusal) {
        count('refused-signature');
        letters.push(this.deadLetter(batch, message, refusal, envelope, null));
        continue;
      }
      const defaultTime = envelope.time ?? kafkaTime(message);
      const replica = replicaName(headerText(message.headers, REPLICA_HEADER)) ?? envelope.replica ?? '';
      if (match.ok && match.deployment.engine !== 'vllm') {
        const parsed =
          envelope.line === null ? null : parseEngineLine(match.deployment.engine, envelope.line, { defaultTime });
        if (isUnparseable(parsed)) count('unparseable');
        else this.routeEngineRecord(routed, match.deployment, { ...(parsed as EngineLogRecord), replica }, count);
        continue;
      }
      const record = envelope.line === null ? null : parseVllmRecord(envelope.line, { defaultTime });
      if (!match.ok) {
        count('unknown-deployment');
        letters.push(this.deadLetter(batch, message, match.reason, envelope, record));
        continue;
      }
      if (isUnparseable(record)) {
        count('unparseable');
        continue;
      }
      const parsed = record as VllmLogRecord;
      count(parsed.kind);
      if (parsed.time === null) continue; // cannot happen with a Kafka timestamp; nothing to key it by otherwise
      const entry = this.entryOf(routed, match.deployment);
      if (parsed.kind === 'stats') entry.stats.push({ ...(parsed as TimedStats), replica });
      else if (parsed.kind === 'prefix-cache' && parsed.gpuHitRatePct !== null)
        entry.prefixCache.push({ ...(parsed as PrefixCacheRecord & { time: string }), replica });
    }

    const { samplesStored, usageStored, rejected } = await this.store([...routed.values()]);
    count('rejected', rejected);
    // Dead letters go out before the offsets are committed, so none is lost if we die here.
    if (letters.length) await this.deadLetters.publish(this.topics.vllmLogsDlq, letters);
    for (const [outcome, n] of outcomes) this.lines.inc({ outcome }, n);
    this.samplesStored.inc(samplesStored);
    this.usageStored.inc(usageStored);
    this.logger.debug(
      {
        partition: batch.partition,
        messages: batch.messages.length,
        outcomes: Object.fromEntries(outcomes),
        samplesStored,
        usageStored,
      },
      'vllm.logs micro-batch stored',
    );
  }

  private entryOf(routed: Map<string, Routed>, deployment: StoredDeployment): Routed {
    const entry = routed.get(deployment.name) ?? {
      deployment,
      stats: [],
      prefixCache: [],
      engineStats: [],
      requests: [],
    };
    routed.set(deployment.name, entry);
    return entry;
  }

  private routeEngineRecord(
    routed: Map<string, Routed>,
    deployment: StoredDeployment,
    record: EngineLogRecord & FromReplica,
    count: (outcome: LineOutcome) => void,
  ): void {
    count(record.kind);
    if (record.time === null) return; // cannot happen with a Kafka timestamp
    if (record.kind === 'stats') this.entryOf(routed, deployment).engineStats.push(record as TimedEngineStats);
    else if (record.kind === 'request-finished' && 'generationTokens' in record)
      this.entryOf(routed, deployment).requests.push(record as TimedRequestUsage);
  }

  private async store(routed: Routed[]) {
    // Duplicates of one series' line (a shipper resending) would collide on the sample key.
    for (const entry of routed) {
      const seen = new Set<string>();
      entry.stats = entry.stats.filter((s) => {
        const key = `${logSeriesKey(replicaOf(s), engineOf(s))}@${s.time}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    }
    await this.dropLinesStoredUnnamed(routed);
    const groups = routed.flatMap((entry) => {
      const earliest = new Map<string, { replica: string; engine: number; time: string }>();
      const see = (replica: string, engine: number, time: string) => {
        const key = logSeriesKey(replica, engine);
        const current = earliest.get(key);
        if (current === undefined || Date.parse(time) < Date.parse(current.time))
          earliest.set(key, { replica, engine, time });
      };
      for (const s of entry.stats) see(replicaOf(s), engineOf(s), s.time);
      // Other engines' samples are their decode lines, keyed by rank as vLLM's are by engine index.
      for (const s of entry.engineStats) if (isDecodeLine(s)) see(replicaOf(s), rankOf(s), s.time);
      return [...earliest.values()].map(({ replica, engine, time }) => ({
        deployment: entry.deployment.name,
        engine,
        replica,
        before: new Date(time),
      }));
    });
    const previous = await this.samples.previousLogSampleTimes(groups);
    const previousOf = new Map<string, Map<string, string | null>>();
    groups.forEach((group, i) => {
      const perSeries = previousOf.get(group.deployment) ?? new Map<string, string | null>();
      perSeries.set(logSeriesKey(group.replica, group.engine), previous[i]?.toISOString() ?? null);
      previousOf.set(group.deployment, perSeries);
    });

    let samplesStored = 0;
    let usageStored = 0;
    let rejected = 0;
    const allSamples = [];
    const allUsage = [];
    for (const entry of routed) {
      const previousTimes = previousOf.get(entry.deployment.name) ?? new Map<string, string | null>();
      if (entry.deployment.engine !== 'vllm') {
        const rows = engineLogRows(entry.deployment, entry.engineStats, entry.requests, previousTimes);
        allSamples.push(...rows.samples);
        allUsage.push(...rows.usage);
        rejected += rows.rejected.length;
        continue;
      }
      const rows = logStatsRows(entry.deployment, entry.stats, previousTimes);
      allSamples.push(...rows.samples);
      allUsage.push(...rows.usage);
      rejected += rows.rejected.length;
    }
    try {
      // Samples first: a crash before the usage insert leaves samples whose times make the retry
      // compute the same windows, and the usage rows' (source, id) keys make the retry idempotent.
      samplesStored = await this.samples.insertBatch(allSamples);
      usageStored = await this.usage.insertBatch(allUsage);
      await this.samples.attachPrefixHitRates(
        routed.flatMap((entry) =>
          entry.prefixCache.map((p) => ({
            deployment: entry.deployment.name,
            time: new Date(p.time),
            pct: p.gpuHitRatePct as number,
            replica: replicaOf(p),
          })),
        ),
      );
    } catch (error) {
      if (!isTransientDatabaseError(error)) {
        // Every value was range-checked and comes from the parser, so this is a bug or a schema
        // change; retrying is right (nothing is lost), and the error is loud.
        this.logger.error({ error: (error as Error).message }, 'vllm.logs micro-batch refused by the database');
      }
      throw error;
    }
    return { samplesStored, usageStored, rejected };
  }

  /**
   * Lines stored before replicas were told apart carry no replica; redelivered now (a replay across the upgrade,
   * the demo run again), the same line names its pod. Its sample is keyed by deployment, engine and time then, so
   * a named line meeting an unnamed sample there is that line again: dropped, its tokens already counted.
   */
  private async dropLinesStoredUnnamed(routed: Routed[]): Promise<void> {
    const named = routed.flatMap((entry) => [
      ...entry.stats.filter((s) => replicaOf(s) !== '').map((s) => ({ entry, engine: engineOf(s), time: s.time })),
      ...entry.engineStats
        .filter((s) => replicaOf(s) !== '' && isDecodeLine(s))
        .map((s) => ({ entry, engine: rankOf(s), time: s.time })),
    ]);
    const stored = await this.samples.unnamedLogSamplesAt(
      named.map(({ entry, engine, time }) => ({ deployment: entry.deployment.name, engine, time: new Date(time) })),
    );
    if (stored.size === 0) return;
    const again = (deployment: string, engine: number, s: { time: string } & FromReplica) =>
      replicaOf(s) !== '' && stored.has(unnamedSampleKey(deployment, engine, new Date(s.time)));
    for (const entry of routed) {
      const name = entry.deployment.name;
      entry.stats = entry.stats.filter((s) => !again(name, engineOf(s), s));
      entry.engineStats = entry.engineStats.filter((s) => !(isDecodeLine(s) && again(name, rankOf(s), s)));
    }
  }

  /**
   * The DLQ value is never the original message: a line may carry a prompt (or a shipper event may
   * carry one elsewhere). It is the parser's record (which has no field able to hold prompt text,
   * token ids or generated text) plus the deployment hints and the event time, marked by the
   * `tokenmeter-dlq-redacted` header. Enough to see what was lost and to replay the numbers.
   */
  private deadLetter(
    batch: MicroBatch,
    message: KafkaMessage,
    reason: string,
    envelope: ShippedLine,
    record: VllmLogRecord | null,
  ): DeadLetter {
    const value = JSON.stringify({
      redacted:
        'the original message is withheld because log lines can contain prompts; this is what the parser read from it',
      envelope: envelope.kind,
      time: envelope.time ?? record?.time ?? kafkaTime(message),
      kubernetesLabels: envelope.kubernetesLabels,
      deploymentField:
        envelope.deploymentField && isDeploymentName(envelope.deploymentField) ? envelope.deploymentField : null,
      record,
    });
    return {
      message: Object.assign({}, message, {
        value: Buffer.from(value),
        headers: { ...message.headers, [DLQ_REDACTED_HEADER]: 'parsed-record' },
      }),
      reason,
      sourceTopic: batch.topic,
      partition: batch.partition,
    };
  }
}
