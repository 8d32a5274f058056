import { describe, expect, it } from 'vitest';
import { parseReportOptions } from './report-command';

const NOW = new Date('2026-11-28T12:00:00Z');

describe('report command options', () => {
  it('defaults to the organization as HTML', () => {
    expect(parseReportOptions({ week: '2026-W47' }, NOW)).toEqual({ week: '2026-W47', team: null, format: 'html' });
    expect(parseReportOptions({ week: '2026-W47', team: 'ads', format: 'focus' }, NOW)).toEqual({
      week: '2026-W47',
      team: 'ads',
      format: 'focus',
    });
  });

  it('names the option and what it expects', () => {
    expect(() => parseReportOptions({ week: '2025-W53' }, NOW)).toThrow(
      /^--week: expected an ISO week YYYY-Www that exists/,
    );
    expect(() => parseReportOptions({ week: '2026-W49' }, NOW)).toThrow('--week: 2026-W49 has not started yet');
    expect(() => parseReportOptions({ week: '2026-W47', format: 'pdf' }, NOW)).toThrow(
      '--format: expected one of html, json, csv, focus, got "pdf"',
    );
  });
});
