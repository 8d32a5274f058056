// A change to a team's decision profile, under the names of `tokenmeter recommend`'s `team` object
// (privacy, customization, latencySensitive), shared by the API and the CLI so both refuse alike.
import { z } from 'zod';
import { PRIVACY_LEVELS, PrivacyLevel } from './recommendation';

export const teamProfileUpdateSchema = z
  .strictObject({
    privacy: z.enum(PRIVACY_LEVELS as [PrivacyLevel, ...PrivacyLevel[]], {
      error: `expected one of ${PRIVACY_LEVELS.join(', ')}`,
    }),
    customization: z.boolean({ error: 'expected true or false' }),
    latencySensitive: z.boolean({ error: 'expected true or false' }),
  })
  .partial()
  .refine((u) => Object.keys(u).length > 0, {
    message: 'expected at least one of privacy, customization, latencySensitive',
  });

export type TeamProfileUpdate = z.output<typeof teamProfileUpdateSchema>;
