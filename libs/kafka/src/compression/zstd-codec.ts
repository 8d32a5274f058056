// Kafka's zstd: one or more zstd frames. The WebAssembly build needs no native install step; it
// decompresses into a buffer sized from the frame header, and streaming producers (the Java client,
// librdkafka) leave the size out, so an unknown size is tried with growing buffers.
import { compress, decompress, init } from '@bokuweb/zstd-wasm';
import type { KafkaCodec } from './kafka-codec';

/** Kafka's default level; the broker re-validates the batch whatever the level. */
const COMPRESSION_LEVEL = 3;
/** Buffers tried when the frame does not state its size: 4 MiB up to 256 MiB. */
const UNKNOWN_SIZE_TRIES = [4, 32, 256].map((mib) => mib * 1024 * 1024);

let ready: Promise<void> | null = null;

/** Loads the WebAssembly module once per process (and thread). */
export function initZstd(): Promise<void> {
  ready ??= init();
  return ready;
}

export const zstdCodec: KafkaCodec = {
  async compress(encoder) {
    await initZstd();
    return Buffer.from(compress(encoder.buffer, COMPRESSION_LEVEL));
  },
  async decompress(buffer) {
    await initZstd();
    let lastError: unknown;
    for (const defaultHeapSize of UNKNOWN_SIZE_TRIES) {
      try {
        return Buffer.from(decompress(buffer, { defaultHeapSize }));
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError instanceof Error ? new Error(`zstd: ${lastError.message}`) : lastError;
  },
};
