import { describe, expect, it } from 'vitest';
import { primarySubstitute, qualityGapText, substituteEntryFor } from './substitute-catalog';

describe('qualityGapText', () => {
  it('compares Llama 3.1 70B on GPQA Diamond, the benchmark gpt-4o and Claude 3.5 Haiku publish', () => {
    // Meta's 48.0 is Diamond (Llama 3.3 card); the 3.1 card's 46.7 was GPQA's main set.
    const llama = substituteEntryFor('gpt-4o')!.substitutes.find((s) => s.model === 'llama-3.1-70b')!;
    expect(qualityGapText('gpt-4o', llama)).toMatch(
      /^GPQA Diamond 48\.0 against 53\.6 for gpt-4o \(5\.6 points lower; Meta, Llama 3\.3 model card/,
    );
    const haiku = 'claude-3-5-haiku-20241022';
    expect(qualityGapText(haiku, primarySubstitute(haiku)!)).toMatch(
      /^GPQA Diamond 48\.0 against 41\.6 for claude-3-5-haiku-20241022 \(6\.4 points higher;/,
    );
  });

  it('states the published gap of Qwen3-30B-A3B to Gemini 2.5 Flash, both from one table', () => {
    expect(qualityGapText('gemini-2.5-flash', primarySubstitute('gemini-2.5-flash')!)).toMatch(
      /^GPQA 65\.8 against 82\.8 for gemini-2\.5-flash \(17 points lower; Qwen, Qwen3-30B-A3B-Thinking-2507 model card/,
    );
  });
});
