// The request bodies of the alerting API: rules and destinations, each field checked with an error
// that names it and what was expected.
import { ALERT_KINDS, DESTINATION_TYPES, ORG_TEAM } from '@tokenmeter/finops';
import { z } from 'zod';

const team = z.string().regex(/^(\*|[a-z0-9][a-z0-9-]{0,63})$/, 'expected a team slug, or "*" for the organization');
const kind = z.enum(ALERT_KINDS as [string, ...string[]]);
const instant = z.iso.datetime({
  offset: true,
  message: 'expected an ISO 8601 date-time such as 2026-12-01T09:00:00Z',
});
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

export const ruleBody = z.strictObject({
  team: team.optional(),
  kind,
  threshold: z.number().finite('expected a finite number'),
  hysteresis: z.number().min(0).max(1).optional(),
  cooldownDays: z.number().int().min(0).max(365).optional(),
  enabled: z.boolean().optional(),
  mutedUntil: instant.nullable().optional(),
});

export const ruleChanges = z
  .strictObject({
    threshold: z.number().finite('expected a finite number').optional(),
    hysteresis: z.number().min(0).max(1).optional(),
    cooldownDays: z.number().int().min(0).max(365).optional(),
    enabled: z.boolean().optional(),
    mutedUntil: instant.nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'expected at least one field to change');

export const muteBody = z.strictObject({ until: instant.nullable() });

const destinationFields = {
  name: z.string().max(100).optional(),
  url: z.string().min(1).max(1000),
  secret: z.string().min(1).max(200).optional(),
  kinds: z.array(kind).max(20).optional(),
  maxPerHour: z.number().int().min(1).max(1000).optional(),
  enabled: z.boolean().optional(),
  mutedUntil: instant.nullable().optional(),
};

export const destinationBody = z.strictObject({
  /** null or absent with a finops key = every team; a team key's destinations are its own team's. */
  team: team.nullable().optional(),
  type: z.enum(DESTINATION_TYPES as [string, ...string[]]),
  ...destinationFields,
});

export const destinationChanges = z
  .strictObject({ ...destinationFields, url: destinationFields.url.optional() })
  .refine((v) => Object.keys(v).length > 0, 'expected at least one field to change');

export const listQuery = z.strictObject({ team: team.optional() });
export const historyQuery = z.strictObject({
  team: team.optional(),
  kind: kind.optional(),
  subject: z.string().max(300).optional(),
  from: date.optional(),
  to: date.optional(),
  date: date.optional(),
});

export const EMAIL_LIST = /^[^\s@,]+@[^\s@,]+(,[^\s@,]+@[^\s@,]+)*$/;
export { ORG_TEAM };
