import type { AuthenticatedKey } from '@tokenmeter/db';

/** Who is calling: set on the request by ApiKeyGuard. */
export type Principal = AuthenticatedKey;

export const PRINCIPAL = 'tokenmeterPrincipal';

/** "an ingest key", "a team key", "a finops key": how an error names the caller's key. */
export function keyOfRole(role: string): string {
  return `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role} key`;
}
