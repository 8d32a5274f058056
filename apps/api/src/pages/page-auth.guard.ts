// Pages accept what the API accepts (Authorization: Bearer / x-api-key, via ApiKeyGuard) and,
// for a browser, the session cookie set by the sign-in form.
import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ApiKeyRole } from '@tokenmeter/db';
import type { Request } from 'express';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { keyOfRole, PRINCIPAL } from '../auth/principal';
import { ROLES } from '../auth/roles.decorator';
import { ApiError } from '../http/api-error';
import { readCookie, SESSION_COOKIE, SessionStore } from './session-store';

/** No credentials at all: a browser is sent to the sign-in form, anything else gets the JSON 401. */
export class SignInRequired extends ApiError {
  constructor() {
    super(HttpStatus.UNAUTHORIZED, [
      { path: 'headers.authorization', message: 'expected "Bearer <API key>" or a session cookie from /login' },
    ]);
  }
}

@Injectable()
export class PageAuthGuard implements CanActivate {
  constructor(
    private readonly apiKeys: ApiKeyGuard,
    private readonly sessions: SessionStore,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request & Record<string, unknown>>();
    if (req.headers.authorization !== undefined || req.headers['x-api-key'] !== undefined)
      return this.apiKeys.canActivate(context);
    const roles =
      this.reflector.getAllAndOverride<ApiKeyRole[] | undefined>(ROLES, [context.getHandler(), context.getClass()]) ??
      [];
    const id = readCookie(req.headers.cookie, SESSION_COOKIE);
    const principal = id ? await this.sessions.find(id) : null;
    if (!principal) throw new SignInRequired();
    if (!roles.includes(principal.role)) {
      throw new ApiError(HttpStatus.FORBIDDEN, [
        {
          path: 'session',
          message: `${keyOfRole(principal.role)} cannot open this page; expected a key with role ${roles.join(' or ')}`,
        },
      ]);
    }
    req[PRINCIPAL] = principal;
    return true;
  }
}
