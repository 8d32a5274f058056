import { SetMetadata } from '@nestjs/common';
import type { ApiKeyRole } from '@tokenmeter/db';

export const ROLES = 'tokenmeterRoles';

/** The key roles allowed on a route (ApiKeyGuard enforces it). */
export const RequireRoles = (...roles: ApiKeyRole[]) => SetMetadata(ROLES, roles);
