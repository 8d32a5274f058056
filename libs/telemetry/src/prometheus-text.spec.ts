import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from './prometheus-text';

describe('parsePrometheusText', () => {
  it('flattens families into samples with labels and numeric values', () => {
    const { samples, rejectedLines } = parsePrometheusText(
      '# HELP a_total A.\n# TYPE a_total counter\na_total{x="1",y="q\\"z"} 12.5\nb 3 1700000000000\nc +Inf\nd NaN\n',
    );
    expect(rejectedLines).toBe(0);
    expect(samples).toEqual([
      { name: 'a_total', labels: { x: '1', y: 'q"z' }, value: 12.5 },
      { name: 'b', labels: {}, value: 3 },
      { name: 'c', labels: {}, value: Infinity },
      { name: 'd', labels: {}, value: NaN },
    ]);
  });

  it('skips malformed lines instead of losing the scrape, and accepts \\r\\n', () => {
    const { samples, rejectedLines } = parsePrometheusText(
      'a 1\r\nb{x=unquoted} 2\r\n# TYPE broken\r\nc{y="ok"} 3\r\n# just a comment\r\n# EOF',
    );
    expect(samples.map((s) => [s.name, s.value])).toEqual([
      ['a', 1],
      ['c', 3],
    ]);
    expect(rejectedLines).toBe(2);
  });

  it('leaves histogram buckets out and keeps their _sum and _count (with labels too)', () => {
    const text =
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 3\nh_count 3\nh_sum 1.5\ng 7\n' +
      '# TYPE l histogram\nl_bucket{m="x",le="+Inf"} 1\nl_sum{m="x"} 4';
    expect(parsePrometheusText(text).samples).toEqual([
      { name: 'g', labels: {}, value: 7 },
      { name: 'h_count', labels: {}, value: 3 },
      { name: 'h_sum', labels: {}, value: 1.5 },
      { name: 'l_sum', labels: { m: 'x' }, value: 4 },
    ]);
  });
});
