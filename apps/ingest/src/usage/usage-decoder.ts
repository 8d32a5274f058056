// Decoding, validation, pricing and COPY encoding cost the consumer's JavaScript thread more than
// everything else it does per event; they run in worker threads (Piscina) so that thread is left
// with Kafka fetches and Postgres I/O, and both cores of a small machine get used. With
// INGEST_DECODE_THREADS=0 they run on the consumer's own thread instead.

import path from 'node:path';
import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import {
  isCloudEventKafkaHeader,
  KafkaHeaders,
  KafkaHeaderValue,
  PresentedSignature,
  SIGNATURE_HEADER,
  SIGNATURE_KEY_ID_HEADER,
} from '@tokenmeter/contracts';
import { IHeaders, KafkaMessage } from 'kafkajs';
import { Piscina } from 'piscina';
import { DeploymentOwnersProvider } from './deployment-owners.provider';
import { PriceBookProvider } from './price-book.provider';
import { SigningKeysProvider } from './signing-keys.provider';
import { decodeUsageTask, UsageDecodeResult, UsageDecodeTask } from './usage-decode-task';

export type DecodedUsage = Extract<UsageDecodeResult, { needTables: false }>;

@Injectable()
export class UsageDecoder implements OnModuleInit, OnModuleDestroy {
  private readonly pool: Piscina<UsageDecodeTask, UsageDecodeResult> | null;
  private readonly requireSignatures: boolean;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly prices: PriceBookProvider,
    private readonly signingKeys: SigningKeysProvider,
    private readonly deploymentOwners: DeploymentOwnersProvider,
  ) {
    this.requireSignatures = config.INGEST_REQUIRE_SIGNED_RECORDS;
    const threads = config.INGEST_DECODE_THREADS;
    this.pool =
      threads === 0
        ? null
        : new Piscina({
            filename: path.join(__dirname, 'usage-decode.worker.js'),
            minThreads: threads,
            maxThreads: threads,
            recordTiming: false,
          });
  }

  async decode(messages: KafkaMessage[], now: Date): Promise<DecodedUsage> {
    const prices = await this.prices.current();
    const signatures = signaturesOf(messages);
    const keys = await this.signingKeys.current(signatures.map((signature) => signature.keyId));
    const owners = await this.deploymentOwners.current();
    const cloudEventHeaders = cloudEventHeadersOf(messages);
    // A thread that has not seen this version of the prices, keys or owners asks for them once.
    for (const send of [false, true]) {
      const { bytes, starts, lengths } = packValues(messages);
      const task: UsageDecodeTask = {
        bytes,
        starts,
        lengths,
        cloudEventHeaders,
        now: now.getTime(),
        prices: { version: prices.version, entries: send ? prices.entries : null },
        requireSignatures: this.requireSignatures,
        signatures,
        signingKeys: { version: keys.version, entries: send ? keys.entries : null },
        deploymentOwners: { version: owners.version, entries: send ? owners.entries : null },
      };
      const result = this.pool
        ? await this.pool.run(task, { transferList: [bytes.buffer, starts.buffer, lengths.buffer] })
        : decodeUsageTask(task);
      if (!result.needTables) return result;
    }
    throw new Error('a decode thread refused the price book, signing keys or deployment owners it was sent');
  }

  /**
   * Starts every decode thread before the consumers do (they start once the app has): a thread's first
   * task waits for it to load its TypeScript hooks and modules, about a second on an idle machine and
   * several on a busy one, which the first events would otherwise wait for.
   */
  async onModuleInit(): Promise<void> {
    const pool = this.pool;
    if (pool) await Promise.all(Array.from({ length: pool.options.maxThreads }, () => pool.run(NO_MESSAGES)));
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.destroy();
  }
}

/** A task without messages: the thread only loads, finds no tables of these versions and says so. */
const NO_MESSAGES: UsageDecodeTask = {
  bytes: new Uint8Array(0),
  starts: new Int32Array(0),
  lengths: new Int32Array(0),
  now: 0,
  prices: { version: -1, entries: null },
  requireSignatures: true,
  signatures: [],
  signingKeys: { version: -1, entries: null },
  deploymentOwners: { version: -1, entries: null },
};

/**
 * The messages' values in one buffer that moves to the thread without a copy. kafkajs hands out
 * values as views into its fetch response, back to back but for each record's few framing bytes,
 * so each run of neighbouring values is copied at once, framing included, and `starts` says
 * where each value begins.
 */
export function packValues(messages: KafkaMessage[]): {
  bytes: Uint8Array<ArrayBuffer>;
  starts: Int32Array<ArrayBuffer>;
  lengths: Int32Array<ArrayBuffer>;
} {
  const starts = new Int32Array(messages.length);
  const lengths = new Int32Array(messages.length);
  // Runs of neighbouring values: bytes [from, to) of their source buffer.
  const runs: Array<{ source: Uint8Array; from: number; to: number }> = [];
  let run: { source: Uint8Array; from: number; to: number } | null = null;
  let total = 0;
  messages.forEach(({ value }, i) => {
    if (value === null) {
      lengths[i] = -1;
      return;
    }
    const from = value.byteOffset;
    if (run && value.buffer === run.source.buffer && from >= run.to && from - run.to <= MAX_FRAMING_BYTES) {
      total += from + value.length - run.to;
      run.to = from + value.length;
    } else {
      run = { source: value, from, to: from + value.length };
      runs.push(run);
      total += value.length;
    }
    starts[i] = total - value.length;
    lengths[i] = value.length;
  });
  const bytes = new Uint8Array(new ArrayBuffer(total));
  let offset = 0;
  for (const { source, from, to } of runs) {
    bytes.set(new Uint8Array(source.buffer, from, to - from), offset);
    offset += to - from;
  }
  return { bytes, starts, lengths };
}

/**
 * The headers of the messages whose content mode they decide (CloudEvents binary or structured mode:
 * a `ce_` attribute or a content type), for the decode thread. Most records have no header at all,
 * and for them this is one look at an empty object. Values are copied: a kafkajs header value is a
 * view into the whole fetch response, which would otherwise travel to the thread with it.
 */
export function cloudEventHeadersOf(messages: KafkaMessage[]): Array<{ index: number; headers: KafkaHeaders }> {
  const found: Array<{ index: number; headers: KafkaHeaders }> = [];
  messages.forEach(({ headers }, index) => {
    if (headers === undefined) return;
    let picked: Record<string, KafkaHeaderValue> | null = null;
    for (const key in headers) {
      if (!isCloudEventKafkaHeader(key)) continue;
      picked ??= {};
      picked[key] = copyHeaderValue(headers[key]);
    }
    if (picked !== null) found.push({ index, headers: picked });
  });
  return found;
}

/** The signature headers of the messages that carry them, as text. */
export function signaturesOf(messages: KafkaMessage[]): Array<{ index: number } & PresentedSignature> {
  const found: Array<{ index: number } & PresentedSignature> = [];
  messages.forEach(({ headers }, index) => {
    if (headers === undefined) return;
    const keyId = headerText(headers[SIGNATURE_KEY_ID_HEADER]);
    const signature = headerText(headers[SIGNATURE_HEADER]);
    if (keyId !== null || signature !== null) found.push({ index, keyId, signature });
  });
  return found;
}

/** A header's value as text; a repeated header counts as absent (a signer sends each once). */
function headerText(value: IHeaders[string]): string | null {
  if (value === undefined || value === null || Array.isArray(value)) return null;
  return typeof value === 'string' ? value : value.toString('utf8');
}

function copyHeaderValue(value: IHeaders[string]): KafkaHeaderValue {
  if (Array.isArray(value)) return value.map((one) => copyHeaderValue(one) as Uint8Array | string | null);
  return typeof value === 'string' || value === undefined || value === null ? value : new Uint8Array(value);
}

/** Bytes between two values worth copying rather than starting a new run (a record's framing is ~20). */
const MAX_FRAMING_BYTES = 1_024;
