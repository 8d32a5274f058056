// kcat (Debian's, on librdkafka: the client inside Vector and Fluent Bit) as a producer, so the
// consumer is tried with record batches that no code of ours built.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { TEST_BROKERS, TEST_SASL } from './test-topics';

const run = promisify(execFile);

export interface KcatProduceOptions {
  topic: string;
  /** Lines of "key<TAB>value". */
  records: Array<{ key: string; value: string }>;
  codec?: 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
  partition?: number;
  headers?: Record<string, string>;
}

/** Produces with acks = all, lingering so the records go out as one batch. */
export async function kcatProduce({ topic, records, codec = 'none', partition, headers = {} }: KcatProduceOptions) {
  const args = [
    '-P',
    '-b',
    TEST_BROKERS,
    '-t',
    topic,
    '-z',
    codec,
    '-K',
    '\t',
    '-X',
    'acks=all',
    '-X',
    'linger.ms=200',
  ];
  args.push(...kcatSaslArgs());
  if (partition !== undefined) args.push('-p', String(partition));
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}=${value}`);
  const child = run('kcat', args);
  child.child.stdin!.end(records.map(({ key, value }) => `${key}\t${value}\n`).join(''));
  await child;
}

/** librdkafka's sign-in settings for the tests' credentials (none when the broker takes anyone). */
export function kcatSaslArgs(sasl = TEST_SASL): string[] {
  if (!sasl) return [];
  if (sasl.mechanism === 'aws' || sasl.mechanism === 'oauthbearer')
    throw new Error(`kcat: ${sasl.mechanism} unsupported`);
  return [
    '-X',
    'security.protocol=SASL_PLAINTEXT',
    // PLAIN: Debian's librdkafka 2.0 fails Kafka 4's SCRAM exchange; the local broker takes PLAIN
    // for the same users (scripts/stack.sh).
    '-X',
    'sasl.mechanisms=PLAIN',
    '-X',
    `sasl.username=${sasl.username}`,
    '-X',
    `sasl.password=${sasl.password}`,
  ];
}
