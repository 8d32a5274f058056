import type { AuthenticatedKey } from '@tokenmeter/db';

/** Who is calling: set on the request by ApiKeyGuard. */
export type Principal = AuthenticatedKey;

export const PRINCIPAL = 'tokenmeterPrincipal';
