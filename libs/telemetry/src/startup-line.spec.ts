import { describe, expect, it } from 'vitest';
import { parseStartupLine } from './startup-line';

describe('parseStartupLine', () => {
  it('reads model, tensor parallel size, max model length and dtype from config-like lines', () => {
    expect(
      parseStartupLine(
        "Initializing a V1 LLM engine (v0.9.2) with config: model='org/m', " +
          "speculative_config=SpeculativeConfig(model='draft'), dtype=torch.float16, " +
          'max_seq_len=4096, tensor_parallel_size=8',
      ),
    ).toEqual({
      model: 'org/m',
      tensorParallelSize: 8,
      maxModelLen: 4096,
      dtype: 'float16',
      vllmVersion: '0.9.2',
    });
    expect(parseStartupLine("non-default args: {'model_tag': 'org/tag', 'dtype': 'half'}")).toMatchObject({
      model: 'org/tag',
      dtype: 'half',
    });
  });

  it('reads version lines and the max model length line', () => {
    expect(parseStartupLine('vLLM API server version 0.6.3.post1')).toMatchObject({
      vllmVersion: '0.6.3.post1',
      model: null,
    });
    expect(parseStartupLine('Using max model len 131072')).toMatchObject({ maxModelLen: 131072 });
  });

  it('ignores lines that state none of the fields', () => {
    expect(parseStartupLine('non-default args: {}')).toBeNull();
    expect(parseStartupLine('Automatically detected platform cuda.')).toBeNull();
  });
});
