// Usage sent by clients nobody here wrote: the official CloudEvents JavaScript SDK (HTTP binary,
// structured and batched mode, Kafka binary and structured mode) and kcat (librdkafka) producing a
// binary-mode record. Each event is stored exactly once, sent twice or not; a bad binary-mode header
// is refused with its name (HTTP 400, or the DLQ with the reason on Kafka) and later records are stored.
import { execFile } from 'node:child_process';
import { CloudEvent, emitterFor, HTTP, httpTransport, Kafka, type Message, Mode } from 'cloudevents';
import type { Message as KafkajsMessage } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureHeaders } from '../../libs/contracts/src/record-signature';
import { ApiKeyRepository, TeamRepository } from '../../libs/db/src';
import { startApiInProcess } from '../support/api-harness';
import { startIngestInProcess } from '../support/ingest-harness';
import { produce, readTopic } from '../support/kafka-helpers';
import { kcatSaslArgs } from '../support/kcat';
import { TEST_SIGNER } from '../support/test-signing-key';
import { TEST_BROKERS } from '../support/test-topics';
import { createUsageSuite, type UsageSuite } from '../support/usage-suite';
import { waitFor } from '../support/wait-for';

const TIME_EXPECTATION = 'expected an RFC 3339 timestamp with a time zone, e.g. "2026-05-01T12:00:00Z"';

const usageData = { provider: 'openai', model: 'gpt-4o', inputTokens: 1200, cachedInputTokens: 800, outputTokens: 300 };

/** A usage event as an SDK user writes it; the SDK fills in specversion. */
function sdkEvent(source: string, id: string, extra: Record<string, unknown> = {}): CloudEvent<typeof usageData> {
  return new CloudEvent({
    id,
    source,
    type: 'dev.tokenmeter.usage.v1',
    subject: 'search',
    time: new Date().toISOString(),
    data: usageData,
    ...extra,
  });
}

/**
 * An SDK Kafka message as kafkajs takes it. The SDK leaves `data` as the object it was given and
 * keeps headers of unset attributes as undefined; kafkajs needs the bytes.
 */
function toKafkajs(message: Message & { key?: unknown }): KafkajsMessage {
  const headers = Object.fromEntries(
    Object.entries(message.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  const { body } = message;
  return { key: 'search', value: typeof body === 'string' ? body : JSON.stringify(body), headers };
}

describe('CloudEvents bindings with real clients', () => {
  let suite: UsageSuite;
  let api: Awaited<ReturnType<typeof startApiInProcess>>;
  let ingest: Awaited<ReturnType<typeof startIngestInProcess>>;
  let ingestKey: string;
  let eventsUrl: string;

  /** A transport for the SDK's emitter: its message, posted with fetch and the API key. */
  const fetchTransport = async (message: Message) => {
    const res = await fetch(eventsUrl, {
      method: 'POST',
      headers: { ...(message.headers as Record<string, string>), authorization: `Bearer ${ingestKey}` },
      body: message.body as string,
    });
    return { status: res.status, body: await res.json() };
  };

  const stored = (source: string) =>
    suite.sql
      .query(
        `SELECT id, team, project, input_tokens, cached_input_tokens, output_tokens
         FROM usage_records WHERE source = $1 ORDER BY id`,
        [source],
      )
      .then((result) => result.rows);

  /** Waits for `count` rows of `source`, then a little longer, so that a second copy would show. */
  async function storedOnce(source: string, count: number) {
    await waitFor(
      () => stored(source),
      (rows) => rows.length >= count,
      30_000,
      `${count} rows of ${source}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    return stored(source);
  }

  beforeAll(async () => {
    suite = await createUsageSuite();
    api = await startApiInProcess(suite.env);
    ingest = await startIngestInProcess(suite.env);
    await api.app.get(TeamRepository).upsert({ slug: 'search', name: 'Search' });
    ingestKey = (await api.app.get(ApiKeyRepository).create({ role: 'ingest', team: 'search', name: 'test' })).key;
    eventsUrl = `${api.baseUrl}/v1/events`;
  });

  afterAll(async () => {
    await api?.app.close();
    await ingest?.close();
    await suite?.close();
  });

  describe('HTTP', () => {
    it("takes the SDK's default emitter (binary mode over its own httpTransport), each event once", async () => {
      const emit = emitterFor(httpTransport(eventsUrl));
      const options = { headers: { authorization: `Bearer ${ingestKey}` } };
      const event = sdkEvent('test:/sdk-http-binary', 'e-1', { project: 'ranking' });
      for (let i = 0; i < 2; i++) {
        const response = (await emit(event, options)) as { body: string };
        expect(JSON.parse(response.body)).toEqual({ accepted: 1 });
      }
      expect(await storedOnce('test:/sdk-http-binary', 1)).toEqual([
        {
          id: 'e-1',
          team: 'search',
          project: 'ranking',
          input_tokens: 1200n,
          cached_input_tokens: 800n,
          output_tokens: 300n,
        },
      ]);
    });

    it('takes emitterFor in structured mode, and HTTP.binary / HTTP.structured messages, each event once', async () => {
      const emitStructured = emitterFor(fetchTransport, { binding: HTTP, mode: Mode.STRUCTURED });
      const emitBinary = emitterFor(fetchTransport, { binding: HTTP, mode: Mode.BINARY });
      const source = 'test:/sdk-http-modes';
      const events = ['structured', 'binary-message', 'structured-message'].map((id) => sdkEvent(source, id));
      for (let i = 0; i < 2; i++) {
        expect(await emitStructured(events[0]!)).toEqual({ status: 202, body: { accepted: 1 } });
        expect(await fetchTransport(HTTP.binary(events[1]!))).toEqual({ status: 202, body: { accepted: 1 } });
        expect(await fetchTransport(HTTP.structured(events[2]!))).toEqual({ status: 202, body: { accepted: 1 } });
      }
      // The emitter in binary mode, with the datacontenttype stated on the event.
      const stated = sdkEvent(source, 'binary-stated', { datacontenttype: 'application/json; charset=utf-8' });
      expect(await emitBinary(stated)).toEqual({ status: 202, body: { accepted: 1 } });
      const rows = await storedOnce(source, 4);
      expect(rows.map((row) => row.id)).toEqual([
        'binary-message',
        'binary-stated',
        'structured',
        'structured-message',
      ]);
    });

    it('takes a batch of SDK events (the SDK reads batches but has no batch emitter), each event once', async () => {
      const source = 'test:/sdk-http-batch';
      const batch = JSON.stringify(Array.from({ length: 3 }, (_, i) => sdkEvent(source, `b-${i}`)));
      const headers = { 'content-type': 'application/cloudevents-batch+json', authorization: `Bearer ${ingestKey}` };
      for (let i = 0; i < 2; i++) {
        const res = await fetch(eventsUrl, { method: 'POST', headers, body: batch });
        expect(res.status).toBe(202);
      }
      expect((await storedOnce(source, 3)).map((row) => row.id)).toEqual(['b-0', 'b-1', 'b-2']);
    });

    it('percent-decodes header values as the HTTP binding says', async () => {
      const { headers, body } = HTTP.binary(sdkEvent('placeholder', 'pct-1'));
      const res = await fetch(eventsUrl, {
        method: 'POST',
        headers: {
          ...(headers as Record<string, string>),
          'ce-source': 'test:/sdk%20pct%E2%82%AC',
          authorization: `Bearer ${ingestKey}`,
        },
        body: body as string,
      });
      expect(res.status).toBe(202);
      expect(await storedOnce('test:/sdk pct€', 1)).toHaveLength(1);
    });

    it('names the header at fault, and refuses data that is not JSON with 415', async () => {
      const message = HTTP.binary(sdkEvent('test:/sdk-http-bad', 'bad-1'));
      const post = (headers: Record<string, string | undefined>, body = message.body as string) =>
        fetch(eventsUrl, {
          method: 'POST',
          headers: Object.fromEntries(
            Object.entries({
              ...(message.headers as Record<string, string>),
              authorization: `Bearer ${ingestKey}`,
              ...headers,
            }).filter((entry): entry is [string, string] => entry[1] !== undefined),
          ),
          body,
        });
      const errorsOf = async (res: Response) =>
        ((await res.json()) as { errors: Array<{ message: string }> }).errors.map((e) => e.message);

      const noVersion = await post({ 'ce-specversion': undefined });
      expect(noVersion.status).toBe(400);
      expect(await errorsOf(noVersion)).toEqual(['headers.ce-specversion: missing; expected "1.0"']);

      const badTime = await post({ 'ce-time': 'tomorrow-ish' });
      expect(badTime.status).toBe(400);
      expect(await errorsOf(badTime)).toEqual([`headers.ce-time: ${TIME_EXPECTATION}, got "tomorrow-ish"`]);

      const otherTeam = await post({ 'ce-subject': 'ads' });
      expect(otherTeam.status).toBe(403);
      expect(await errorsOf(otherTeam)).toEqual([expect.stringMatching(/^headers\.ce-subject: expected "search"/)]);

      const xml = await post({ 'content-type': 'application/xml' }, '<usage/>');
      expect(xml.status).toBe(415);
      expect(await errorsOf(xml)).toEqual([
        expect.stringMatching(/^headers\.content-type: expected "application\/json".*got "application\/xml"/),
      ]);
      expect(await stored('test:/sdk-http-bad')).toEqual([]);
    });
  });

  describe('Kafka', () => {
    it("stores the SDK's Kafka.binary and Kafka.structured records once each, sent twice", async () => {
      const source = 'test:/sdk-kafka';
      const binary = toKafkajs(Kafka.binary(sdkEvent(source, 'k-binary', { project: 'chatbot' })));
      const structured = toKafkajs(Kafka.structured(sdkEvent(source, 'k-structured')));
      expect(binary.headers).toMatchObject({ ce_id: 'k-binary', ce_specversion: '1.0', ce_project: 'chatbot' });
      expect(structured.headers).toEqual({ 'content-type': 'application/cloudevents+json; charset=utf-8' });
      await produce(suite.topics.usageEvents, [binary, structured, binary, structured]);
      const rows = await storedOnce(source, 2);
      expect(rows).toEqual([
        expect.objectContaining({ id: 'k-binary', team: 'search', project: 'chatbot', input_tokens: 1200n }),
        expect.objectContaining({ id: 'k-structured', team: 'search', project: null, output_tokens: 300n }),
      ]);
    });

    it('stores a kcat binary-mode record once; a bad header goes to the DLQ, later records are stored', async () => {
      const source = 'test:/kcat';
      const kcat = (id: string, time: string) =>
        new Promise<void>((resolve, reject) => {
          const args = ['-P', '-b', TEST_BROKERS, '-t', suite.topics.usageEvents, '-k', 'search', ...kcatSaslArgs()];
          const headers = { specversion: '1.0', id, source, type: 'dev.tokenmeter.usage.v1', time, subject: 'search' };
          for (const [name, value] of Object.entries(headers)) args.push('-H', `ce_${name}=${value}`);
          args.push('-H', 'content-type=application/json');
          // One record per kcat run, so its headers can carry the record's own signature.
          const signature = signatureHeaders(TEST_SIGNER, JSON.stringify(usageData));
          for (const [name, value] of Object.entries(signature)) args.push('-H', `${name}=${value}`);
          const child = execFile('kcat', args, (error) => (error ? reject(error) : resolve()));
          child.stdin!.end(`${JSON.stringify(usageData)}\n`);
        });
      const now = new Date().toISOString();
      await kcat('kcat-1', now);
      await kcat('kcat-1', now);
      await kcat('kcat-bad', 'last tuesday');
      await kcat('kcat-2', now);
      const dead = await readTopic(suite.topics.usageEventsDlq, 1, 30_000);
      expect(dead).toHaveLength(1);
      expect(dead[0]!.headers['tokenmeter-dlq-reason']).toBe(
        `headers.ce_time: ${TIME_EXPECTATION}, got "last tuesday"`,
      );
      expect(dead[0]!.headers.ce_id).toBe('kcat-bad');
      expect(JSON.parse(dead[0]!.value!.toString())).toEqual(usageData);
      expect((await storedOnce(source, 2)).map((row) => row.id)).toEqual(['kcat-1', 'kcat-2']);
    });
  });
});
