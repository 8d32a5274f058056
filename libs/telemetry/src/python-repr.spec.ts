import { describe, expect, it } from 'vitest';
import { leadingInteger, pythonScalar, splitTopLevel, topLevelFields, unwrapCall } from './python-repr';

describe('python-repr', () => {
  it('splits at top-level commas only, skipping quotes (with escapes) and brackets', () => {
    expect(splitTopLevel(`a='x, y', b=[1, 2], c={'k': "v, w"}, d='it\\'s, ok', e=F(g=1, h=2)`)).toEqual([
      `a='x, y'`,
      ` b=[1, 2]`,
      ` c={'k': "v, w"}`,
      ` d='it\\'s, ok'`,
      ` e=F(g=1, h=2)`,
    ]);
  });

  it('ignores an unbalanced closer (v0.1 config lines end in a stray parenthesis)', () => {
    expect(splitTopLevel('a=1, b=2), c=3')).toEqual(['a=1', ' b=2)', ' c=3']);
  });

  it('reads key=value, key: value and dict keys; the first occurrence wins', () => {
    const fields = topLevelFields(`model='m', 'max_model_len': 8, prompt token ids: [1], model='other'`);
    expect(Object.fromEntries(fields)).toEqual({ model: `'m'`, max_model_len: '8', prompt_token_ids: '[1]' });
  });

  it('unwraps calls, dicts and lists', () => {
    expect(unwrapCall('SamplingParams(n=1, max_tokens=5)')).toBe('n=1, max_tokens=5');
    expect(unwrapCall("{'a': 1}")).toBe("'a': 1");
    expect(unwrapCall('None')).toBe('None');
  });

  it('decodes Python string literals and integers', () => {
    expect(pythonScalar(`'it\\'s'`)).toBe("it's");
    expect(pythonScalar(`"unterminated`)).toBe('unterminated');
    expect(pythonScalar('None')).toBeNull();
    expect(pythonScalar('torch.bfloat16')).toBe('torch.bfloat16');
    expect(leadingInteger('8192)')).toBe(8192);
    expect(leadingInteger('None')).toBeNull();
    expect(leadingInteger('1.5')).toBeNull();
    expect(leadingInteger(undefined)).toBeNull();
  });
});
