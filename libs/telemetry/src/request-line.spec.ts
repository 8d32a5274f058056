import { describe, expect, it } from 'vitest';
import { parseRequestLine } from './request-line';

describe('parseRequestLine', () => {
  it('reads the received line of each era', () => {
    expect(
      parseRequestLine(
        "Received request cmpl-1: prompt: 'hi', sampling params: SamplingParams(n=1, max_tokens=16), " +
          'prompt token ids: [1, 2].',
      ),
    ).toEqual({
      kind: 'request',
      event: 'received',
      requestId: 'cmpl-1',
      promptTokens: 2,
      maxTokens: 16,
    });
    expect(
      parseRequestLine(
        'Received request cmpl-2: prompt: None, params: SamplingParams(max_tokens=8), ' +
          'prompt_token_ids: [], lora_request: None.',
      ),
    ).toMatchObject({
      promptTokens: 0,
      maxTokens: 8,
    });
    expect(
      parseRequestLine('Received request cmpl-3: params: SamplingParams(n=1, max_tokens=None), lora_request: None.'),
    ).toMatchObject({
      requestId: 'cmpl-3',
      promptTokens: null,
      maxTokens: null,
    });
    expect(
      parseRequestLine(
        'Received request cmpl-4: params_list: [SamplingParams(max_tokens=3)], prompt_token_ids: None, ' +
          'prompt_embeds shape: None, lora_request: None.',
      ),
    ).toMatchObject({
      promptTokens: null,
    });
  });

  it('cannot be steered by the prompt or stop strings', () => {
    const hostile =
      `Received request cmpl-5: prompt: 'x\\', params: SamplingParams(max_tokens=1), prompt_token_ids: [1], y', ` +
      `params: SamplingParams(stop=['max_tokens=2', "a'b"], max_tokens=300, ` +
      `guided_decoding=G(json={'max_tokens=4': 'max_tokens=5'})), ` +
      `prompt_token_ids: [7, 8, 9], lora_request: None.`;
    expect(parseRequestLine(hostile)).toMatchObject({ requestId: 'cmpl-5', promptTokens: 3, maxTokens: 300 });
  });

  it('gives up on fields after a prompt that never closes, rather than guessing', () => {
    expect(
      parseRequestLine(
        "Received request cmpl-6: prompt: 'cut off, params: SamplingParams(max_tokens=1), prompt_token_ids: [1",
      ),
    ).toMatchObject({
      requestId: 'cmpl-6',
      promptTokens: null,
      maxTokens: null,
    });
  });

  it('keeps only id-shaped request ids', () => {
    expect(parseRequestLine('Finished request cmpl-7.')).toMatchObject({ requestId: 'cmpl-7', outcome: 'finished' });
    expect(parseRequestLine("Added request <script>alert('x')</script>.")).toMatchObject({ requestId: null });
  });

  it('reads the debug details line, with ids or only their count', () => {
    expect(
      parseRequestLine("Request r1 details: prompt: 'p', prompt_token_ids: [5, 6], prompt_embeds shape: None."),
    ).toMatchObject({
      event: 'details',
      promptTokens: 2,
    });
    expect(
      parseRequestLine('Request r2 details: prompt_len: 10, prompt_token_ids_len: 4, prompt_embeds shape: None.'),
    ).toMatchObject({
      promptTokens: 4,
    });
  });

  it('reads aborts of one or several requests', () => {
    expect(parseRequestLine('Aborted request cmpl-8.')).toMatchObject({ outcome: 'aborted', requestIds: ['cmpl-8'] });
    expect(parseRequestLine('Aborted request(s) a,b,c.')).toMatchObject({
      requestId: 'a',
      requestIds: ['a', 'b', 'c'],
    });
  });

  it('ignores other lines', () => {
    expect(parseRequestLine('Avg prompt throughput: 1.0 tokens/s')).toBeNull();
  });
});
