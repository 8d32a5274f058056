// kafkajs reads only gzip; librdkafka producers (kcat, Vector, Fluent Bit) and the Java client
// also send snappy, lz4 and zstd. Registering them is process-wide, so it is done once, before
// any consumer or producer starts. Every codec, gzip included, is guarded (undecodable-batch.ts),
// and the codec ids Kafka does not define yet stand in too, so no batch can stop a partition.
import type { AppConfig } from '@tokenmeter/config';
import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import type { KafkaCodec } from './kafka-codec';
import { lz4Codec } from './lz4-codec';
import { snappyCodec } from './snappy-codec';
import { guardedCodec } from './undecodable-batch';
import { initZstd, zstdCodec } from './zstd-codec';

/** Values of KAFKA_COMPRESSION, the producers' setting. */
export type KafkaCompressionName = AppConfig['KAFKA_COMPRESSION'];

const TYPES: Record<KafkaCompressionName, CompressionTypes> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
};

export function compressionType(name: KafkaCompressionName): CompressionTypes {
  return TYPES[name];
}

/** The attribute bits hold 3 bits of codec id; Kafka defines 0–4. */
const UNDEFINED_CODEC_IDS = [5, 6, 7];

let registered: Promise<void> | null = null;

export function registerCompressionCodecs(): Promise<void> {
  registered ??= (async () => {
    await initZstd();
    const codecs = CompressionCodecs as unknown as Record<number, () => KafkaCodec>;
    const gzip = guardedCodec('gzip', codecs[CompressionTypes.GZIP]!());
    const snappy = guardedCodec('snappy', snappyCodec);
    const lz4 = guardedCodec('lz4', lz4Codec);
    const zstd = guardedCodec('zstd', zstdCodec);
    codecs[CompressionTypes.GZIP] = () => gzip;
    codecs[CompressionTypes.Snappy] = () => snappy;
    codecs[CompressionTypes.LZ4] = () => lz4;
    codecs[CompressionTypes.ZSTD] = () => zstd;
    for (const id of UNDEFINED_CODEC_IDS) {
      const unknown = guardedCodec(`codec ${id}`, {
        decompress: () => Promise.reject(new Error(`compression codec ${id} is not defined by Kafka`)),
      });
      codecs[id] = () => unknown;
    }
  })();
  return registered;
}
