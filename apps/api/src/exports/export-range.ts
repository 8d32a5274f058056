// The range of a FOCUS export: an ISO week (`2026-W48`, Monday 00:00 UTC to the next Monday) or
// UTC dates `from` (inclusive) to `to` (exclusive). FOCUS charge periods are UTC days.
import { parseIsoWeek, teamSlugSchema, utcDay } from '@tokenmeter/contracts';
import { z } from 'zod';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const utcDate = z.string().refine((value) => DATE.test(value) && utcDay(new Date(`${value}T00:00:00Z`)) === value, {
  message: 'expected a date YYYY-MM-DD (UTC)',
});

export const focusExportParams = z
  .strictObject({
    week: z
      .string()
      .regex(/^\d{4}-W\d{2}$/, 'expected an ISO week YYYY-Www, e.g. 2026-W48')
      .optional()
      .describe('ISO week, e.g. 2026-W48 (instead of from/to)'),
    from: utcDate.optional().describe('first UTC day (inclusive)'),
    to: utcDate.optional().describe('UTC day after the last one (exclusive)'),
    team: teamSlugSchema.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.week !== undefined && (value.from !== undefined || value.to !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['week'], message: 'expected either week or from and to, not both' });
    } else if (value.week === undefined && (value.from === undefined || value.to === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [value.from === undefined ? 'from' : 'to'],
        message: 'expected week, or both from and to',
      });
    } else if (value.from !== undefined && value.to !== undefined && value.to <= value.from) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `expected a date after from (${value.from})` });
    } else if (value.week !== undefined && parseIsoWeek(value.week) === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['week'],
        message: 'expected a week that exists in that ISO year (01–52 or 53)',
      });
    }
  });

export function exportRange(params: z.output<typeof focusExportParams>): { from: Date; to: Date; label: string } {
  if (params.week !== undefined) {
    const { start, end } = parseIsoWeek(params.week)!;
    return { from: start, to: end, label: params.week };
  }
  return {
    from: new Date(`${params.from}T00:00:00Z`),
    to: new Date(`${params.to}T00:00:00Z`),
    label: `${params.from}_${params.to}`,
  };
}
