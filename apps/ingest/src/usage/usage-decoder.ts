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
    const signers = signerKeyIds(messages);
    const keys = await this.signingKeys.current(signers.keyIds);
    const owners = await this.deploymentOwners.current();
    const cloudEventHeaders = cloudEventHeadersOf(messages);
    // A thread that has not seen this version of the prices, keys or owners asks for them once.
    for (const send of [false, true]) {
      const packed = packRecords(messages);
      const task: UsageDecodeTask = {
        ...packed,
        // Copied, not moved: a second run sends them again.
        ...signers,
        cloudEventHeaders,
        now: now.getTime(),
        prices: { version: prices.version, entries: send ? prices.entries : null },
        requireSignatures: this.requireSignatures,
        signingKeys: { version: keys.version, entries: send ? keys.entries : null },
        deploymentOwners: { version: owners.version, entries: send ? owners.entries : null },
      };
      const { bytes, starts, lengths, signatureStarts, signatureLengths } = packed;
      const transferList = [bytes, starts, lengths, signatureStarts, signatureLengths].map((array) => array.buffer);
      const result = this.pool ? await this.pool.run(task, { transferList }) : decodeUsageTask(task);
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
  signatureStarts: new Int32Array(0),
  signatureLengths: new Int32Array(0),
  keyIds: [],
  keyIdIndexes: new Int32Array(0),
  now: 0,
  prices: { version: -1, entries: null },
  requireSignatures: true,
  signingKeys: { version: -1, entries: null },
  deploymentOwners: { version: -1, entries: null },
};

/** The messages' values and signature headers, packed by packRecords. */
export interface PackedRecords {
  /** Message i's value is `lengths[i]` bytes from `starts[i]`; length -1 for a null value. */
  bytes: Uint8Array<ArrayBuffer>;
  starts: Int32Array<ArrayBuffer>;
  lengths: Int32Array<ArrayBuffer>;
  /** Its signature header's bytes, the same way; length -1 without one (or with it repeated). */
  signatureStarts: Int32Array<ArrayBuffer>;
  signatureLengths: Int32Array<ArrayBuffer>;
}

/**
 * The messages' values and signatures in one buffer that moves to the thread without a copy (a
 * signature as text in an object per message cost the consumer's thread more to make and send than
 * packing). kafkajs hands out values and header values as views into its fetch response, back to back
 * but for each record's few framing bytes, so each run of neighbouring bytes is copied at once, framing
 * included, and `starts` say where each value and signature begins.
 */
export function packRecords(messages: KafkaMessage[]): PackedRecords {
  const n = messages.length;
  const starts = new Int32Array(n);
  const lengths = new Int32Array(n);
  const signatureStarts = new Int32Array(n);
  const signatureLengths = new Int32Array(n);
  // Runs of neighbouring bytes: [from, to) of their source buffer.
  const runs: Array<{ source: Uint8Array; from: number; to: number }> = [];
  let run: { source: Uint8Array; from: number; to: number } | null = null;
  let total = 0;
  /** Where `view` will start in the packed bytes. */
  const place = (view: Uint8Array): number => {
    const from = view.byteOffset;
    if (run && view.buffer === run.source.buffer && from >= run.to && from - run.to <= MAX_FRAMING_BYTES) {
      total += from + view.length - run.to;
      run.to = from + view.length;
    } else {
      run = { source: view, from, to: from + view.length };
      runs.push(run);
      total += view.length;
    }
    return total - view.length;
  };
  for (let i = 0; i < n; i++) {
    const { value, headers } = messages[i]!;
    lengths[i] = value === null ? -1 : value.length;
    if (value !== null) starts[i] = place(value);
    // A record's headers follow its value.
    const signature = headerBytes(headers?.[SIGNATURE_HEADER]);
    signatureLengths[i] = signature === null ? -1 : signature.length;
    if (signature !== null) signatureStarts[i] = place(signature);
  }
  const bytes = new Uint8Array(new ArrayBuffer(total));
  let offset = 0;
  for (const { source, from, to } of runs) {
    bytes.set(new Uint8Array(source.buffer, from, to - from), offset);
    offset += to - from;
  }
  return { bytes, starts, lengths, signatureStarts, signatureLengths };
}

/**
 * The key ids the messages name, each once, and which one each message names (-1: none, or the header
 * repeated). Messages of a batch come from few signers, so a key id is read as text once per run of
 * messages it signed.
 */
export function signerKeyIds(messages: KafkaMessage[]): { keyIds: string[]; keyIdIndexes: Int32Array<ArrayBuffer> } {
  const keyIds: string[] = [];
  const keyIdIndexes = new Int32Array(messages.length);
  const indexByKeyId = new Map<string, number>();
  let previous: Buffer | null = null;
  let previousIndex = -1;
  messages.forEach(({ headers }, i) => {
    const header = headers?.[SIGNATURE_KEY_ID_HEADER];
    if (header === undefined || header === null || Array.isArray(header)) {
      keyIdIndexes[i] = -1;
      return;
    }
    if (Buffer.isBuffer(header) && previous?.equals(header)) {
      keyIdIndexes[i] = previousIndex;
      return;
    }
    const keyId = typeof header === 'string' ? header : header.toString('utf8');
    let index = indexByKeyId.get(keyId);
    if (index === undefined) {
      index = keyIds.push(keyId) - 1;
      indexByKeyId.set(keyId, index);
    }
    previous = Buffer.isBuffer(header) ? header : null;
    previousIndex = index;
    keyIdIndexes[i] = index;
  });
  return { keyIds, keyIdIndexes };
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

/** A header's bytes; a repeated header counts as absent (a signer sends each once). */
function headerBytes(value: IHeaders[string]): Uint8Array | null {
  if (value === undefined || value === null || Array.isArray(value)) return null;
  return typeof value === 'string' ? Buffer.from(value) : value;
}

function copyHeaderValue(value: IHeaders[string]): KafkaHeaderValue {
  if (Array.isArray(value)) return value.map((one) => copyHeaderValue(one) as Uint8Array | string | null);
  return typeof value === 'string' || value === undefined || value === null ? value : new Uint8Array(value);
}

/** Bytes between two values worth copying rather than starting a new run (a record's framing is ~20). */
const MAX_FRAMING_BYTES = 1_024;
