import { describe, expect, it } from 'vitest';
import { PromptQuoteTracker } from './prompt-quote-tracker';

const tracker = (...pieces: string[]) => {
  const t = new PromptQuoteTracker();
  for (const piece of pieces) t.add(piece);
  return t;
};

describe('PromptQuoteTracker', () => {
  it('is inside while a request line prompt is open, across pieces and escapes', () => {
    expect(tracker("Received request r: prompt: 'abc").insideQuote).toBe(true);
    expect(tracker("Received request r: prompt: 'it\\'s", ' still').insideQuote).toBe(true);
    expect(tracker("Received request r: prompt: 'it\\'s'", ', params: SamplingParams(stop=["x"])').insideQuote).toBe(
      false,
    );
    expect(tracker('Rece', 'ived request r: prompt: "a\'b').insideQuote).toBe(true);
    expect(tracker("Generated response r: output: 'partial").insideQuote).toBe(true);
    expect(tracker("Request r details: prompt: 'partial").insideQuote).toBe(true);
  });

  it('ignores quotes in other records', () => {
    expect(tracker("Can't do that, don't ask").insideQuote).toBe(false);
  });

  it('gives up after a million quoted characters', () => {
    expect(tracker(`Received request r: prompt: '${'x'.repeat(1_000_001)}`).insideQuote).toBe(false);
  });
});
