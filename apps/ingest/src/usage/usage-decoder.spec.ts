import { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { packValues } from './usage-decoder';

const message = (value: Buffer | null) => ({ value }) as KafkaMessage;

function unpack(packed: ReturnType<typeof packValues>): Array<string | null> {
  return Array.from(packed.lengths, (length, i) => (length < 0 ? null : Buffer.from(packed.bytes.subarray(packed.starts[i], packed.starts[i]! + length)).toString()));
}

describe('packValues', () => {
  it('packs each value where `starts` says, whatever buffers the values are views of', () => {
    const response = Buffer.from(`##first##second#third${'#'.repeat(2_000)}far`);
    const view = (text: string, from = 0) => response.subarray(response.indexOf(text, from), response.indexOf(text, from) + text.length);
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
