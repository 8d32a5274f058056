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

  it('splits on \\n, \\r\\n and lone \\r', () => {
    expect(splitPhysicalLines('a\r\nb\rc\nd')).toEqual(['a', 'b', 'c', 'd']);
  });
});
