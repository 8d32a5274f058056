// kafkajs's own record encoding and CRC, used to stand in for a batch it cannot read
// (undecodable-batch.ts). kafkajs 2.x ships no types for its internals.
declare module 'kafkajs/src/protocol/recordBatch/crc32C' {
  export default function crc32C(buffer: Buffer): number;
}
declare module 'kafkajs/src/protocol/encoder' {
  export default class Encoder {
    buffer: Buffer;
    writeEncoder(encoder: Encoder): this;
  }
}
declare module 'kafkajs/src/protocol/recordBatch/record/v0' {
  import type Encoder from 'kafkajs/src/protocol/encoder';
  export default function encodeRecord(record: {
    offsetDelta?: number;
    timestampDelta?: number;
    key: Buffer | null;
    value: Buffer | null;
    headers?: Record<string, string | Buffer>;
  }): Encoder;
}
declare module 'kafkajs/src/protocol/decoder' {
  export default class Decoder {
    constructor(buffer: Buffer);
  }
}
declare module 'kafkajs/src/protocol/recordBatch/v0/decoder' {
  import type Decoder from 'kafkajs/src/protocol/decoder';
  // biome-ignore lint/suspicious/noExplicitAny: kafkajs's decoded batch is untyped
  export default function decodeRecordBatch(decoder: Decoder): Promise<{ records: any[] }>;
}
declare module 'kafkajs/src/protocol/recordBatch/v0' {
  import type Encoder from 'kafkajs/src/protocol/encoder';
  export function RecordBatch(batch: {
    compression?: number;
    firstOffset?: bigint;
    lastOffsetDelta?: number;
    records: Encoder[];
  }): Promise<Encoder>;
}
