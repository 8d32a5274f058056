// The FOCUS export of a range as CSV bytes, for the API's download and the CLI's report: read a few UTC
// days per query (fewer round trips than a day at a time) and written by one FocusCsvWriter. Its
// templates are kept from export to export (a FocusTemplateCache, started afresh once full), as the same
// identities come back. The next batch's queries run while the current one is written and sent, and no
// more than two batches are held at once, so memory stays bounded by a couple of weeks.
import { Injectable } from '@nestjs/common';
import { FocusCsvWriter, FocusTemplateCache } from '@tokenmeter/finops';
import { TeamRepository } from '../repositories/team-repository';
import { UsageQueryRepository } from '../repositories/usage-query-repository';

/** UTC days read per query (after the first few, shorter ones). */
export const FOCUS_DAYS_PER_READ = 7;
const DAY_MS = 86_400_000;

@Injectable()
export class FocusExportReader {
  private templates = new FocusTemplateCache();

  constructor(
    private readonly usage: UsageQueryRepository,
    private readonly teams: TeamRepository,
  ) {}

  /**
   * The header line, then the lines of [from, to) (UTC instants) a batch of days per chunk, for every
   * team or one. The header comes once the first batch is read: a failing first query fails the first next().
   */
  async *csvChunks(from: Date, to: Date, team?: string): AsyncGenerator<Uint8Array> {
    const read = (start: Date, days: number) => {
      const end = new Date(Math.min(start.getTime() + days * DAY_MS, to.getTime()));
      const rows = Promise.all([
        this.usage.dailyPricedUsage(start, end, team),
        this.usage.selfHostedDeploymentDays(start, end),
      ]);
      // Handled here too: a consumer that stops early never awaits the prefetched batch.
      rows.catch(() => undefined);
      return { end, days, rows };
    };
    // The first batch is a single day, and each next one twice as long up to FOCUS_DAYS_PER_READ: the
    // first bytes go out after one day's query, and every later batch is read while the one before it
    // (half as long, or as long) is written.
    let batch = read(from, 1);
    const teamNames = Object.fromEntries((await this.teams.list()).map((t) => [t.slug, t.name]));
    if (this.templates.full) this.templates = new FocusTemplateCache();
    const writer = new FocusCsvWriter(teamNames, team, this.templates);
    let rows = await batch.rows;
    yield writer.header();
    for (;;) {
      // The next batch is asked for before this one is written, so the database works meanwhile.
      const next = batch.end < to ? read(batch.end, Math.min(2 * batch.days, FOCUS_DAYS_PER_READ)) : null;
      yield writer.rows(...rows);
      if (next === null) return;
      batch = next;
      rows = await batch.rows;
    }
  }
}
