// A compressed record batch that cannot be read (a corrupt segment, a codec this process lacks)
// must not stop its partition: kafkajs decodes batches inside its fetch, so a throw there crashes
// the consumer and the same fetch fails again after every restart. Instead the codec guard below
// answers with stand-in records at the batch's offsets, each marked with the reason and the first
// carrying the batch's compressed bytes; the consumer sends that one to the dead-letter topic and
// commits past the batch like any other.
//
// The codec receives only the compressed bytes, but kafkajs hands them over as a view into the
// fetched batch, so the batch header (first offset, record count, CRC) sits just before them.

import type { KafkaMessage } from 'kafkajs';
import Encoder from 'kafkajs/src/protocol/encoder';
import crc32C from 'kafkajs/src/protocol/recordBatch/crc32C';
import encodeRecord from 'kafkajs/src/protocol/recordBatch/record/v0';
import type { KafkaCodec } from './kafka-codec';

/** Headers on stand-in records (and so on the dead letter). */
export const UNDECODABLE_HEADERS = {
  reason: 'tokenmeter-undecodable-reason',
  codec: 'tokenmeter-undecodable-codec',
  firstOffset: 'tokenmeter-undecodable-first-offset',
  lastOffset: 'tokenmeter-undecodable-last-offset',
} as const;

/** Record batch v2: bytes from the batch start to its records (firstOffset … recordCount). */
const HEADER_BYTES = 61;
/** Where each header field starts, in bytes from the batch start. */
const AT = { length: 8, magic: 16, crc: 17, attributes: 21, lastOffsetDelta: 23, recordCount: 57 } as const;
/** The batch length field counts from partitionLeaderEpoch (byte 12). */
const LENGTH_FIELD_END = 12;

export interface RecordBatchHeader {
  firstOffset: bigint;
  lastOffsetDelta: number;
  recordCount: number;
  crcMatches: boolean;
}

/** The v2 batch header in front of `records`, or null when `records` is not such a view. */
export function recordBatchHeaderOf(records: Buffer): RecordBatchHeader | null {
  const start = records.byteOffset - HEADER_BYTES;
  if (start < 0) return null;
  const batch = Buffer.from(records.buffer, start, HEADER_BYTES + records.length);
  if (batch.readInt8(AT.magic) !== 2) return null;
  if (batch.readInt32BE(AT.length) !== batch.length - LENGTH_FIELD_END) return null;
  const crc = (crc32C(batch.subarray(AT.attributes)) as number) >>> 0;
  return {
    firstOffset: batch.readBigInt64BE(0),
    lastOffsetDelta: batch.readInt32BE(AT.lastOffsetDelta),
    recordCount: batch.readInt32BE(AT.recordCount),
    crcMatches: crc === batch.readUInt32BE(AT.crc),
  };
}

/** Stand-in records for a whole batch, in the byte form kafkajs decodes after decompressing. */
export function standInRecords(header: RecordBatchHeader, compressed: Buffer, codec: string, reason: string): Buffer {
  const lastOffset = (header.firstOffset + BigInt(header.lastOffsetDelta)).toString();
  const marker = { [UNDECODABLE_HEADERS.reason]: reason };
  const encoder = new Encoder();
  for (let i = 0; i < header.recordCount; i++) {
    // Offsets inside a batch are consecutive unless compaction removed some; the last stand-in
    // takes the batch's last offset so the consumer commits past all of it.
    const offsetDelta = i === header.recordCount - 1 ? header.lastOffsetDelta : i;
    const first = i === 0;
    encoder.writeEncoder(
      encodeRecord({
        offsetDelta,
        key: null,
        value: first ? Buffer.from(compressed) : null,
        headers: first
          ? {
              ...marker,
              [UNDECODABLE_HEADERS.codec]: codec,
              [UNDECODABLE_HEADERS.firstOffset]: header.firstOffset.toString(),
              [UNDECODABLE_HEADERS.lastOffset]: lastOffset,
            }
          : marker,
      }),
    );
  }
  return encoder.buffer;
}

/** Wraps a codec so a batch it cannot read becomes stand-in records instead of a crashed fetch. */
export function guardedCodec(name: string, codec: Pick<KafkaCodec, 'decompress'> & Partial<KafkaCodec>): KafkaCodec {
  return {
    compress: (encoder) => {
      if (!codec.compress) throw new Error(`${name}: this process cannot compress with it`);
      return codec.compress(encoder);
    },
    async decompress(buffer) {
      const header = recordBatchHeaderOf(buffer);
      // Not a v2 batch view (kafkajs changed, or a legacy message set): nothing to stand in for.
      if (!header) return codec.decompress(buffer);
      if (!header.crcMatches)
        return standInRecords(header, buffer, name, `${name} batch: CRC-32C mismatch (corrupt bytes)`);
      try {
        return await codec.decompress(buffer);
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        return standInRecords(header, buffer, name, `${name} batch cannot be decompressed: ${why}`);
      }
    },
  };
}

/** The reason a stand-in record carries, or null for a real record. */
export function undecodableReason(message: KafkaMessage): string | null {
  const value = message.headers?.[UNDECODABLE_HEADERS.reason];
  if (value === undefined) return null;
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}
