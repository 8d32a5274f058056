import { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { cloudEventHeadersOf, PackedRecords, packRecords, signerKeyIds } from './usage-decoder';

const message = (value: Buffer | null, headers?: KafkaMessage['headers']) => ({ value, headers }) as KafkaMessage;

function unpack(bytes: Uint8Array, starts: Int32Array, lengths: Int32Array): Array<string | null> {
  return Array.from(lengths, (length, i) =>
    length < 0 ? null : Buffer.from(bytes.subarray(starts[i], starts[i]! + length)).toString(),
  );
}

const values = (packed: PackedRecords) => unpack(packed.bytes, packed.starts, packed.lengths);
const signatures = (packed: PackedRecords) => unpack(packed.bytes, packed.signatureStarts, packed.signatureLengths);

describe('packRecords', () => {
  it('packs each value where `starts` says, whatever buffers the values are views of', () => {
    const response = Buffer.from(`##first##second#third${'#'.repeat(2_000)}far`);
    const view = (text: string, from = 0) =>
      response.subarray(response.indexOf(text, from), response.indexOf(text, from) + text.length);
    const messages = [
      message(view('first')),
      message(view('second')),
      message(null),
      message(view('third')),
      message(view('far')), // beyond the framing bytes worth copying: a run of its own
      message(Buffer.from('elsewhere')), // another buffer
      message(view('first')), // behind the previous run: a run of its own
      message(Buffer.alloc(0)),
    ];
    const packed = packRecords(messages);
    expect(values(packed)).toEqual(['first', 'second', null, 'third', 'far', 'elsewhere', 'first', '']);
    expect(signatures(packed)).toEqual(messages.map(() => null));
    // Neighbours were copied with the framing between them, not one by one.
    expect(packed.bytes.length).toBe('first##second#third'.length + 'far'.length + 'elsewhere'.length + 'first'.length);
  });

  it('packs each signature header with the values around it, and none for a missing or repeated one', () => {
    // Records as a fetch response holds them: each value followed by its headers (a buffer of its own,
    // not in Node's shared pool, where the header given as text below could land right after it).
    const records = '#v1#k1#s1#v2#k1#s2#v3#';
    const response = Buffer.alloc(records.length, records);
    const view = (text: string) => response.subarray(response.indexOf(text), response.indexOf(text) + text.length);
    const messages = [
      message(view('v1'), { 'tokenmeter-key-id': view('k1'), 'tokenmeter-signature': view('s1') }),
      message(view('v2'), { 'tokenmeter-key-id': view('k1'), 'tokenmeter-signature': view('s2') }),
      message(view('v3'), { 'tokenmeter-signature': [view('s1'), view('s2')] }),
      message(null, { 'tokenmeter-signature': 'as text' }),
    ];
    const packed = packRecords(messages);
    expect(values(packed)).toEqual(['v1', 'v2', 'v3', null]);
    expect(signatures(packed)).toEqual(['s1', 's2', null, 'as text']);
    // One run for the whole response's part (v1 … v3), one for the header given as text.
    expect(packed.bytes.length).toBe('v1#k1#s1#v2#k1#s2#v3'.length + 'as text'.length);
  });
});

describe('signerKeyIds', () => {
  it('names each key id once, and which one each message names', () => {
    const response = Buffer.from('#key-a#key-a#key-b#');
    const at = (from: number) => response.subarray(from, from + 5);
    const messages = [
      message(null, { 'tokenmeter-key-id': at(1) }),
      message(null, { 'tokenmeter-key-id': at(7) }), // the same key id, another view
      message(null, {}),
      message(null, { 'tokenmeter-key-id': at(13) }),
      message(null, { 'tokenmeter-key-id': [at(1), at(13)] }), // repeated: counts as absent
      message(null, { 'tokenmeter-key-id': 'key-a' }),
      message(null),
    ];
    const { keyIds, keyIdIndexes } = signerKeyIds(messages);
    expect(keyIds).toEqual(['key-a', 'key-b']);
    expect([...keyIdIndexes]).toEqual([0, 0, -1, 1, -1, 0, -1]);
  });
});

describe('cloudEventHeadersOf', () => {
  it('picks the CloudEvents headers of the messages that have any, as copies', () => {
    const response = Buffer.from('#1.0#application/cloudevents+json#00-trace#');
    const view = (text: string) => response.subarray(response.indexOf(text), response.indexOf(text) + text.length);
    const messages = [
      { value: null, headers: {} },
      { value: null, headers: { ce_specversion: view('1.0'), traceparent: view('00-trace') } },
      { value: null, headers: { traceparent: view('00-trace') } },
      { value: null, headers: { 'content-type': view('application/cloudevents+json'), ce_id: [view('1.0'), 'x'] } },
      { value: null },
    ] as unknown as KafkaMessage[];
    const picked = cloudEventHeadersOf(messages);
    expect(picked.map((m) => m.index)).toEqual([1, 3]);
    expect(Object.keys(picked[0]!.headers)).toEqual(['ce_specversion']);
    const copied = picked[0]!.headers['ce_specversion'] as Uint8Array;
    expect(Buffer.from(copied).toString()).toBe('1.0');
    // A copy of its own bytes, not a view that would carry the whole fetch response to the thread.
    expect(copied.buffer.byteLength).toBe(3);
    expect(picked[1]!.headers['ce_id']).toEqual([new Uint8Array(Buffer.from('1.0')), 'x']);
  });
});
