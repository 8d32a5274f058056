import { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { cloudEventHeadersOf, packValues } from './usage-decoder';

const message = (value: Buffer | null) => ({ value }) as KafkaMessage;

function unpack(packed: ReturnType<typeof packValues>): Array<string | null> {
  return Array.from(packed.lengths, (length, i) =>
    length < 0 ? null : Buffer.from(packed.bytes.subarray(packed.starts[i], packed.starts[i]! + length)).toString(),
  );
}

describe('packValues', () => {
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
    const packed = packValues(messages);
    expect(unpack(packed)).toEqual(['first', 'second', null, 'third', 'far', 'elsewhere', 'first', '']);
    // Neighbours were copied with the framing between them, not one by one.
    expect(packed.bytes.length).toBe('first##second#third'.length + 'far'.length + 'elsewhere'.length + 'first'.length);
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
