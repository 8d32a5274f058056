import type { UsageTextRow } from '@tokenmeter/db';
import { csvLine, parseCsv } from '@tokenmeter/finops';
import { describe, expect, it } from 'vitest';
import { usageCsvLines } from './usage-csv-lines';

describe('usageCsvLines', () => {
  it('writes what csvLine writes for the JSON row: offsets, quoted and neutralized groups, big sums, no cost', () => {
    const rows: UsageTextRow[] = [
      ['2026-03-29T00:00:00', 3600, '=HYPERLINK("x")', 'a,b', '1', '0', '0', '2', '0', '1', '0.1250000000'],
      ['2026-03-29T00:00:00', 19_800, null, ' padded', '9007199254740993', '0', '0', '0', '0', '3', null],
      ['2026-03-08T00:00:00', -18_000, 'web', 'gpt-4o', '12', '3', '0', '4', '1', '2', '-0.5000000000'],
    ];
    // The JSON row's value at position `at` (2-3 the groups, 4-9 the sums, 10 the cost): a sum as a number where
    // it is a safe integer, else its text; groups and cost as they are.
    const asJson = (value: string | null, at: number) =>
      at < 4 || at === 10 || value === null ? value : Number.isSafeInteger(Number(value)) ? Number(value) : value;
    const windowStart = (row: UsageTextRow) =>
      `${row[0]}${{ 3600: '+01:00', 19800: '+05:30', [-18000]: '-05:00' }[row[1]]}`;
    const expected = rows
      .map((row) =>
        csvLine([windowStart(row), ...(row.slice(2) as (string | null)[]).map((value, n) => asJson(value, n + 2))]),
      )
      .join('');
    expect(usageCsvLines(rows, 2)).toBe(expected);
    expect(parseCsv(usageCsvLines(rows, 2))[0]!.slice(0, 3)).toEqual([
      '2026-03-29T00:00:00+01:00',
      `'=HYPERLINK("x")`,
      'a,b',
    ]);
  });
});
