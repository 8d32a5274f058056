// Kafka's lz4 (record format v2) is the standard LZ4 frame format with independent blocks, which
// lz4-napi (lz4_flex) reads and writes.
import { compressFrameSync, decompressFrameSync } from 'lz4-napi';
import type { KafkaCodec } from './kafka-codec';

export const lz4Codec: KafkaCodec = {
  async compress(encoder) {
    return compressFrameSync(encoder.buffer);
  },
  async decompress(buffer) {
    return decompressFrameSync(buffer);
  },
};
