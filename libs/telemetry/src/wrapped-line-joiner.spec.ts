import { describe, expect, it } from 'vitest';
import { type JoinedRecord, splitPhysicalLines, WrappedLineJoiner } from './wrapped-line-joiner';

function join(lines: string[]): string[][] {
  const joiner = new WrappedLineJoiner();
  const records: JoinedRecord[] = [...lines.flatMap((line) => joiner.push(line)), ...joiner.flush()];
  return records.map((record) => record.lines.map((line) => line.text));
}

describe('WrappedLineJoiner', () => {
  it('opens a record at each head and folds other lines into it', () => {
    expect(
      join(['INFO 01-01 00:00:00 a.py:1] one', 'Traceback (most recent call last):', 'INFO:     two', 'three']),
    ).toEqual([
      ['INFO 01-01 00:00:00 a.py:1] one', 'Traceback (most recent call last):'],
      ['INFO:     two', 'three'],
    ]);
  });

  it('keeps head-less text before any head as a record of its own, and skips blank lines', () => {
    expect(join(['orphan', '', '   ', 'INFO 01-01 00:00:00 a.py:1] x'])).toEqual([
      ['orphan'],
      ['INFO 01-01 00:00:00 a.py:1] x'],
    ]);
  });

  it('glues a head split over several lines back together', () => {
    expect(join(['INFO 01-01 00:00:00 a.py:1] one', 'vllm-1  | WARN', 'ING 01-01 00:0', '0:01 [b.py:2] two'])).toEqual([
      ['INFO 01-01 00:00:00 a.py:1] one'],
      ['WARNING 01-01 00:00:01 [b.py:2] two'],
    ]);
  });

  it('glues a head wrapped into many narrow pieces, shipper prefix and process tag included', () => {
    // Found by the privacy property test: at 15 characters a piece, the head spans five pieces; glued
    // from four only, it was missed, and a head-shaped text inside the prompt opened a record instead.
    const line =
      '[pod/vllm-0/vllm] (APIServer pid=1) DEBUG 03-04 10:00:00 [logger.py:33] Request cmpl-1 details: prompt: ' +
      "'WARNING 02-30 25:61:61 [x.py:1] secret', prompt_token_ids: [], prompt_embeds shape: None.";
    const records = join(['INFO 03-04 09:59:59 [x.py:1] before', ...(line.match(/.{1,15}/g) ?? [])]);
    expect(records).toHaveLength(2);
    expect(records[1]![0]).toMatch(/^DEBUG 03-04 10:00:00 \[logger\.py:33\] Req/);
  });

  it('splits on \\n, \\r\\n and lone \\r', () => {
    expect(splitPhysicalLines('a\r\nb\rc\nd')).toEqual(['a', 'b', 'c', 'd']);
  });
});
