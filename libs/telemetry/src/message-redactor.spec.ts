import { describe, expect, it } from 'vitest';
import { redactMessage } from './message-redactor';

describe('redactMessage', () => {
  it.each([
    ["Request r details: prompt: 'my secret', prompt_token_ids: [1]", 'Request r details: [redacted]'],
    ["Generated response r: output: 'secret'", 'Generated response r: [redacted]'],
    [
      'validation error [type=string_type, input_value=secret, input_type=list]',
      'validation error [type=string_type, [redacted]',
    ],
    ["bad body {'messages': [{'content': 'secret'}]}", 'bad body {[redacted]'],
    ['x text=secret', 'x [redacted]'],
  ])('cuts from the first content field: %s', (message, expected) => {
    expect(redactMessage(message)).toBe(expected);
  });

  it('blanks long quoted strings and caps the length', () => {
    expect(redactMessage(`Error for '${'s'.repeat(40)}' here`)).toBe('Error for [redacted] here');
    expect(redactMessage('x'.repeat(1000))).toHaveLength(301);
  });

  it('keeps ordinary messages', () => {
    expect(redactMessage('Input prompt (5000 tokens) is too long and exceeds limit of 4096')).toBe(
      'Input prompt (5000 tokens) is too long and exceeds limit of 4096',
    );
  });
});
