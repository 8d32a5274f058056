import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { loadConfigOrExit } from '@tokenmeter/config';
import {
  decodeUsageMessage,
  MAX_BATCH_EVENTS,
  RecordSigner,
  signatureHeaders,
  signingSecretOf,
  topicNames,
  UsageRecord,
  usageRecordToCloudEvent,
} from '@tokenmeter/contracts';
import { createKafka } from '@tokenmeter/kafka';
import { Command, Option } from 'commander';
import { CliUsageError } from '../cli-usage-error';
import type { RegisterCommand } from './register-command';

interface EmitOptions {
  file?: string;
  to: 'kafka' | 'http';
  url: string;
  key?: string;
  keyId?: string;
}

/**
 * tokenmeter emit — sends usage CloudEvents, one JSON object per line (a file or stdin), either
 * straight to Kafka (validated here first) or to the collector endpoint (validated there).
 */
export const registerEmitCommand: RegisterCommand = (program: Command) => {
  program
    .command('emit')
    .description('send usage events (JSON lines of CloudEvents) to Kafka or to the collector endpoint')
    .option('--file <path>', 'a JSONL file (default: stdin)')
    .addOption(new Option('--to <target>', 'where to send').choices(['kafka', 'http']).default('kafka'))
    .option('--url <url>', 'collector base URL, with --to http', 'http://127.0.0.1:3000')
    .option('--key <apiKey>', 'ingest API key (or TOKENMETER_API_KEY); with --to kafka it signs each record')
    .option('--key-id <id>', "the key's id, with --to kafka (or TOKENMETER_API_KEY_ID; `tokenmeter keys list`)")
    .action(async (options: EmitOptions) => {
      const lines = createInterface({
        input: options.file ? createReadStream(options.file) : process.stdin,
        crlfDelay: Infinity,
      });
      const send =
        options.to === 'kafka'
          ? await kafkaSender(
              kafkaSigner(
                options.key ?? process.env.TOKENMETER_API_KEY,
                options.keyId ?? process.env.TOKENMETER_API_KEY_ID,
              ),
            )
          : httpSender(options.url, options.key ?? process.env.TOKENMETER_API_KEY);
      let batch: string[] = [];
      let sent = 0;
      let lineNumber = 0;
      try {
        for await (const line of lines) {
          lineNumber++;
          if (!line.trim()) continue;
          batch.push(line);
          if (batch.length === MAX_BATCH_EVENTS) {
            sent += await send(batch, lineNumber - batch.length + 1);
            batch = [];
          }
        }
        if (batch.length) sent += await send(batch, lineNumber - batch.length + 1);
      } finally {
        await send.close?.();
      }
      process.stdout.write(`${JSON.stringify({ sent, to: options.to })}\n`);
    });
};

type Sender = ((lines: string[], firstLine: number) => Promise<number>) & { close?: () => Promise<void> };

/** Records put on Kafka directly count only when a key of their team signed them (README "Security"). */
function kafkaSigner(key: string | undefined, keyId: string | undefined): RecordSigner {
  if (!key)
    throw new CliUsageError('--key: expected the ingest API key that signs the records (or TOKENMETER_API_KEY)');
  if (!keyId || !/^[0-9a-f-]{36}$/i.test(keyId)) {
    throw new CliUsageError(`--key-id: expected the key's id, a UUID (or TOKENMETER_API_KEY_ID), got "${keyId ?? ''}"`);
  }
  return { keyId, signingSecret: signingSecretOf(key) };
}

async function kafkaSender(signer: RecordSigner): Promise<Sender> {
  const config = loadConfigOrExit();
  const producer = createKafka(config, `${config.KAFKA_CLIENT_ID}-cli`, config.LOG_LEVEL).producer({
    maxInFlightRequests: 1,
  });
  await producer.connect();
  const topic = topicNames(config.TOPIC_PREFIX).usageEvents;
  const send: Sender = async (lines, firstLine) => {
    const now = new Date();
    const records: UsageRecord[] = [];
    const errors: string[] = [];
    lines.forEach((line, i) => {
      const result = decodeUsageMessage(Buffer.from(line), { now, path: `line ${firstLine + i}` });
      if (result.ok) records.push(result.record);
      else errors.push(...result.errors.map((e) => e.message));
    });
    if (errors.length) throw new CliUsageError(errors.join('\n'));
    await producer.send({
      topic,
      acks: -1,
      messages: records.map((record) => {
        const value = JSON.stringify(usageRecordToCloudEvent(record));
        return { key: record.team, value, headers: signatureHeaders(signer, value) };
      }),
    });
    return records.length;
  };
  send.close = () => producer.disconnect();
  return send;
}

function httpSender(url: string, key: string | undefined): Sender {
  if (!key) throw new CliUsageError('--key: expected an ingest API key (or set TOKENMETER_API_KEY)');
  return async (lines) => {
    const res = await fetch(`${url.replace(/\/$/, '')}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents-batch+json', authorization: `Bearer ${key}` },
      body: `[${lines.join(',')}]`,
    });
    if (res.status !== 202) throw new CliUsageError(`collector answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { accepted: number }).accepted;
  };
}
