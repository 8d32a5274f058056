// The usage CSV's lines written from Postgres's text (UsageTextRow) as it came: its integers and decimals print
// as the JSON rows' numbers do, so only the window start is formatted and only the grouped-by values (whoever
// sent the event named them) go through csvField's quoting and formula neutralizing.
import type { UsageTextRow } from '@tokenmeter/db';
import { csvField } from '@tokenmeter/finops';
import { formatOffset } from '../http/zoned-time';

/** The rows' CSV lines, each ended by CRLF, for a query grouped by `groups` columns. */
export function usageCsvLines(rows: readonly UsageTextRow[], groups: number): string {
  // A zone has a few offsets a year: each is formatted once.
  const offsets = new Map<number, string>();
  let text = '';
  for (const row of rows) {
    const seconds = row[1];
    let offset = offsets.get(seconds);
    if (offset === undefined) {
      offset = formatOffset(seconds / 60);
      offsets.set(seconds, offset);
    }
    let line = `${row[0]}${offset}`;
    for (let n = 2; n < 2 + groups; n++) line += `,${csvField(row[n] as string | null)}`;
    for (let n = 2 + groups; n < row.length; n++) line += `,${(row[n] as string | null) ?? ''}`;
    text += `${line}\r\n`;
  }
  return text;
}
