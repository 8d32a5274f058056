// Kafka's snappy: librdkafka writes raw snappy blocks, the Java client xerial's framed stream
// (a magic header, then length-prefixed blocks). Both are read; raw is written, which both read.
import { compressSync, uncompressSync } from 'snappy';
import type { KafkaCodec } from './kafka-codec';

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
/** Magic, version and minimum compatible version. */
const XERIAL_HEADER_BYTES = 16;

function isXerialFramed(buffer: Buffer): boolean {
  return buffer.length >= XERIAL_HEADER_BYTES && buffer.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC);
}

function uncompressXerial(buffer: Buffer): Buffer {
  const blocks: Buffer[] = [];
  let at = XERIAL_HEADER_BYTES;
  while (at < buffer.length) {
    if (at + 4 > buffer.length) throw new Error(`xerial snappy: truncated block length at byte ${at}`);
    const length = buffer.readInt32BE(at);
    at += 4;
    if (length < 0 || at + length > buffer.length)
      throw new Error(`xerial snappy: block of ${length} bytes at byte ${at} overruns the buffer`);
    blocks.push(uncompressSync(buffer.subarray(at, at + length), { asBuffer: true }) as Buffer);
    at += length;
  }
  return Buffer.concat(blocks);
}

export const snappyCodec: KafkaCodec = {
  async compress(encoder) {
    return compressSync(encoder.buffer);
  },
  async decompress(buffer) {
    return isXerialFramed(buffer) ? uncompressXerial(buffer) : (uncompressSync(buffer, { asBuffer: true }) as Buffer);
  },
};
