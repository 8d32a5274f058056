import { CompressionTypes } from 'kafkajs';
import Decoder from 'kafkajs/src/protocol/decoder';
import crc32C from 'kafkajs/src/protocol/recordBatch/crc32C';
import encodeRecord from 'kafkajs/src/protocol/recordBatch/record/v0';
import { RecordBatch } from 'kafkajs/src/protocol/recordBatch/v0';
import decodeRecordBatch from 'kafkajs/src/protocol/recordBatch/v0/decoder';
import { compressSync } from 'snappy';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerCompressionCodecs } from './compression-codecs';
import { snappyCodec } from './snappy-codec';
import { UNDECODABLE_HEADERS } from './undecodable-batch';

// Whole batches as the broker serves them, decoded by kafkajs's own batch decoder with the
// registered codecs: what the consumer sees, without a broker.

const FIRST_OFFSET = 1_000;
const values = ['{"a":1}', '{"b":2}', '{"c":3}'];

async function encodeBatch(compression: CompressionTypes): Promise<Buffer> {
  const records = values.map((value, i) =>
    encodeRecord({ offsetDelta: i, key: Buffer.from(`k${i}`), value: Buffer.from(value) }),
  );
  const batch = await RecordBatch({
    compression,
    firstOffset: BigInt(FIRST_OFFSET),
    lastOffsetDelta: values.length - 1,
    records,
  });
  return batch.buffer;
}

/** The batch as one fetched buffer with something after it, as in a fetch response. */
async function decode(batch: Buffer) {
  const fetched = Buffer.concat([Buffer.alloc(7), batch, Buffer.alloc(5)]).subarray(7);
  return decodeRecordBatch(new Decoder(fetched));
}

const RECORDS_AT = 61;
function withCrc(batch: Buffer): Buffer {
  batch.writeUInt32BE(crc32C(batch.subarray(21)) >>> 0, 17);
  return batch;
}

beforeAll(() => registerCompressionCodecs());

describe('compressed record batches', () => {
  it.each([
    ['gzip', CompressionTypes.GZIP],
    ['snappy', CompressionTypes.Snappy],
    ['lz4', CompressionTypes.LZ4],
    ['zstd', CompressionTypes.ZSTD],
  ])('reads back what %s wrote', async (_name, type) => {
    const { records } = await decode(await encodeBatch(type));
    expect(records.map((r: { value: Buffer }) => r.value.toString())).toEqual(values);
    expect(records.map((r: { offset: string }) => r.offset)).toEqual(['1000', '1001', '1002']);
  });

  it("reads snappy in the Java client's xerial framing", async () => {
    const raw = Buffer.from('hello kafka '.repeat(100));
    const header = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);
    const block = compressSync(raw.subarray(0, 700));
    const block2 = compressSync(raw.subarray(700));
    const length = (b: Buffer) => Buffer.from([0, 0, (b.length >> 8) & 0xff, b.length & 0xff]);
    const framed = Buffer.concat([header, length(block), block, length(block2), block2]);
    expect((await snappyCodec.decompress(framed)).equals(raw)).toBe(true);
  });

  it('stands in for a batch with corrupt bytes: one dead letter with the bytes, offsets kept', async () => {
    const batch = await encodeBatch(CompressionTypes.LZ4);
    batch[RECORDS_AT + 6] ^= 0xff;
    const { records } = await decode(batch);
    expect(records.map((r: { offset: string }) => r.offset)).toEqual(['1000', '1001', '1002']);
    const [first, ...rest] = records;
    expect(first.headers[UNDECODABLE_HEADERS.reason].toString()).toBe('lz4 batch: CRC-32C mismatch (corrupt bytes)');
    expect(first.headers[UNDECODABLE_HEADERS.firstOffset].toString()).toBe('1000');
    expect(first.headers[UNDECODABLE_HEADERS.lastOffset].toString()).toBe('1002');
    expect(first.value.equals(batch.subarray(RECORDS_AT))).toBe(true);
    for (const record of rest) expect(record.value).toBeNull();
  });

  it('stands in for a batch whose codec fails even though its CRC holds', async () => {
    const batch = await encodeBatch(CompressionTypes.ZSTD);
    batch.fill(0x55, RECORDS_AT, RECORDS_AT + 8);
    const { records } = await decode(withCrc(batch));
    expect(records).toHaveLength(3);
    expect(records[0].headers[UNDECODABLE_HEADERS.reason].toString()).toMatch(/^zstd batch cannot be decompressed: /);
  });

  it('stands in for a codec id Kafka does not define', async () => {
    const batch = await encodeBatch(CompressionTypes.GZIP);
    batch.writeInt16BE(5, 21);
    const { records } = await decode(withCrc(batch));
    expect(records[0].headers[UNDECODABLE_HEADERS.reason].toString()).toBe(
      'codec 5 batch cannot be decompressed: compression codec 5 is not defined by Kafka',
    );
  });
});
