// One micro-batch of usage.events, decoded off the main thread: validate and normalize each
// message, check that the key that signed it may count usage for its team and that a deployment it
// names is its team's, price it, and encode the batch for COPY. It runs in the ingest's worker threads (see
// usage-decoder.ts), so it is pure and takes and returns plain data.
import {
  canonicalUtcMillis,
  decodeKafkaUsageRecord,
  decodeUsageMessage,
  foreignDeploymentRefusal,
  KafkaHeaders,
  PresentedSignature,
  SigningKey,
  signatureRefusal,
  UsageRecord,
} from '@tokenmeter/contracts';
import { UsageCopyRows, UsageCopyRowsBuilder, usageRowOf } from '@tokenmeter/db/usage-copy-rows';
import { PriceBook, PriceEntry, UsageCost, usageCostByRules } from '@tokenmeter/finops';

/** The buffers of a result's rows, which move to the consumer's thread (usage-decode.worker.js). */
export { usageRowsTransferList } from '@tokenmeter/db/usage-copy-rows';

export interface UsageDecodeTask {
  /** The messages' values: message i's is `lengths[i]` bytes from `starts[i]`; length -1 for a null value. */
  bytes: Uint8Array;
  starts: Int32Array;
  lengths: Int32Array;
  /** Its signature header's bytes, the same way (length -1: the message has none). */
  signatureStarts: Int32Array;
  signatureLengths: Int32Array;
  /** The key ids the messages name; message i names `keyIds[keyIdIndexes[i]]` (-1: none). */
  keyIds: string[];
  keyIdIndexes: Int32Array;
  /** Headers of the few messages whose CloudEvents content mode they decide (binary or structured). */
  cloudEventHeaders?: Array<{ index: number; headers: KafkaHeaders }>;
  /** Epoch milliseconds: the time window of valid events is measured from here. */
  now: number;
  /** The price book's version, with its entries when the thread may not have them yet. */
  prices: { version: number; entries: readonly PriceEntry[] | null };
  /** INGEST_REQUIRE_SIGNED_RECORDS: false lets unsigned records through (signed ones are still checked). */
  requireSignatures: boolean;
  /** The active signing keys' version, with the keys when the thread may not have them yet. */
  signingKeys: { version: number; entries: readonly SigningKey[] | null };
  /** The registered deployments' owners ([name, team]) and their version, sent the same way. */
  deploymentOwners: { version: number; entries: ReadonlyArray<readonly [string, string]> | null };
}

/** needTables: the thread lacks this version of the prices, signing keys or owners; send their entries. */
export type UsageDecodeResult =
  | { needTables: true }
  | {
      needTables: false;
      rows: UsageCopyRows;
      /** The message each encoded row came from. */
      messageIndexes: number[];
      /** Messages that decoded into a record (rows holds fewer when a key repeats in the batch). */
      valid: number;
      /** Messages that can never be stored, and why. */
      rejected: Array<{ index: number; reason: string }>;
    };

/** This thread's price book; the main thread sends the entries again when their version changes. */
let priceBook: { version: number; book: PriceBook } | null = null;
/** This thread's signing keys by id, replaced the same way. */
let signingKeys: { version: number; byId: Map<string, SigningKey> } | null = null;
/** This thread's deployment owners, replaced the same way. */
let deploymentOwners: { version: number; byName: Map<string, string> } | null = null;

export function decodeUsageTask(task: UsageDecodeTask): UsageDecodeResult {
  if (task.prices.entries) priceBook = { version: task.prices.version, book: new PriceBook(task.prices.entries) };
  if (task.signingKeys.entries) {
    const byId = new Map(task.signingKeys.entries.map((key) => [key.keyId, key]));
    signingKeys = { version: task.signingKeys.version, byId };
  }
  if (task.deploymentOwners.entries) {
    deploymentOwners = { version: task.deploymentOwners.version, byName: new Map(task.deploymentOwners.entries) };
  }
  if (
    priceBook?.version !== task.prices.version ||
    signingKeys?.version !== task.signingKeys.version ||
    deploymentOwners?.version !== task.deploymentOwners.version
  ) {
    return { needTables: true };
  }
  const owners = deploymentOwners.byName;
  const book = priceBook.book;
  const keys = signingKeys.byId;
  const text = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength);
  const now = new Date(task.now);
  const rows = new UsageCopyRowsBuilder();
  const rowMessages: number[] = [];
  const rejected: Array<{ index: number; reason: string }> = [];
  const headersByIndex = task.cloudEventHeaders?.length
    ? new Map(task.cloudEventHeaders.map((m) => [m.index, m.headers]))
    : null;
  task.lengths.forEach((length, index) => {
    const bytes = length < 0 ? null : task.bytes.subarray(task.starts[index], task.starts[index]! + length);
    const headers = headersByIndex?.get(index);
    // Records without CloudEvents headers (nearly all) take the path they always took.
    const decoded =
      headers === undefined ? decodeUsageMessage(bytes, { now }) : decodeKafkaUsageRecord(headers, bytes, { now });
    if (!decoded.ok) {
      rejected.push({ index, reason: decoded.errors.map((e) => e.message).join('; ') });
      return;
    }
    const { record } = decoded;
    const presented = presentedSignature(task, text, index);
    const refusal = signatureRefusal(presented, bytes, record.team, keys, task.requireSignatures);
    if (refusal !== null) {
      rejected.push({ index, reason: refusal });
      return;
    }
    const foreignDeployment = foreignDeploymentRefusal(record, owners);
    if (foreignDeployment !== null) {
      rejected.push({ index, reason: `data.deployment: ${foreignDeployment}` });
      return;
    }
    // The record's time is already in toISOString's form: read without Date.parse, kept as text.
    const time = new Date(canonicalUtcMillis(record.time) ?? Date.parse(record.time));
    // A record that passed the signature check was signed by this key (absent: an unsigned record).
    rows.add(usageRowOf(record, time, price(book, record, time), presented?.keyId ?? null), record.time);
    rowMessages.push(index);
  });
  const { encoded, order } = rows.build();
  return {
    needTables: false,
    rows: encoded,
    messageIndexes: order.map((i) => rowMessages[i]),
    valid: rowMessages.length,
    rejected,
  };
}

/** What message `index` said about its signer; undefined when it has neither header. */
function presentedSignature(task: UsageDecodeTask, text: Buffer, index: number): PresentedSignature | undefined {
  const keyIdIndex = task.keyIdIndexes[index]!;
  const length = task.signatureLengths[index]!;
  if (keyIdIndex < 0 && length < 0) return undefined;
  const start = task.signatureStarts[index]!;
  return {
    keyId: keyIdIndex < 0 ? null : task.keyIds[keyIdIndex]!,
    signature: length < 0 ? null : text.toString('utf8', start, start + length),
  };
}

/** A client-supplied cost wins; otherwise the price in effect at the event's time. */
function price(book: PriceBook, record: UsageRecord, time: Date): UsageCost {
  return usageCostByRules(
    record,
    record.costUsd === null ? book.find(record.provider, record.model, time) : null,
    time,
  );
}
