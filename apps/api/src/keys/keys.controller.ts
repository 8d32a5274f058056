// API keys for finops: create (the key is in this one answer only; optionally expiring), list
// (never the key or its hash; with last use and expiry), rotate (a new key, the old one expiring
// after an overlap), revoke (effective on every instance within a second).
import { Controller, Delete, Get, HttpStatus, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiKeyRepository } from '@tokenmeter/db';
import type { Request } from 'express';
import { z } from 'zod';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { RequireRoles } from '../auth/roles.decorator';
import { ApiError } from '../http/api-error';
import { readJsonBody } from '../http/json-body';
import { ApiBodyFromZod, ApiQueryFromZod } from '../http/openapi-zod';
import { pageOf, pageWindow, paginationShape } from '../http/pagination';
import { validateRequestPart } from '../http/request-validation';

const createKeyBody = z
  .strictObject({
    role: z.enum(['ingest', 'team', 'finops']),
    team: z.string().min(1).max(64).optional().describe('team slug; required for ingest and team keys'),
    name: z.string().trim().min(1, 'expected a non-empty label').max(200),
    expiresAt: z.iso
      .datetime({ offset: true, error: 'expected an ISO 8601 date-time with offset, e.g. 2027-01-01T00:00:00Z' })
      .optional()
      .describe('when the key stops working (default: never)'),
  })
  .superRefine((value, ctx) => {
    if (value.role !== 'finops' && value.team === undefined)
      ctx.addIssue({ code: 'custom', path: ['team'], message: `required for a key with role ${value.role}` });
    if (value.role === 'finops' && value.team !== undefined)
      ctx.addIssue({ code: 'custom', path: ['team'], message: 'expected no team: finops keys are organization-wide' });
  });

/** A day by default: time to roll the new key out; at most 30 days, so an old key cannot linger. */
const rotateKeyBody = z.strictObject({
  overlapSeconds: z
    .number({ error: 'expected a whole number of seconds from 0 to 2592000 (30 days)' })
    .int({ error: 'expected a whole number of seconds from 0 to 2592000 (30 days)' })
    .min(0, { error: 'expected a whole number of seconds from 0 to 2592000 (30 days)' })
    .max(30 * 86_400, { error: 'expected a whole number of seconds from 0 to 2592000 (30 days)' })
    .default(86_400)
    .describe('how long the old key keeps working'),
});

const listKeysQuery = z.strictObject({ ...paginationShape });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ApiTags('keys')
@ApiBearerAuth()
@Controller('v1/keys')
@UseGuards(ApiKeyGuard)
@RequireRoles('finops')
export class KeysController {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly guard: ApiKeyGuard,
  ) {}

  @Post()
  @ApiBodyFromZod(createKeyBody)
  async create(@Req() req: Request) {
    const input = validateRequestPart(createKeyBody, await readJsonBody(req), 'body');
    const expiresAt = input.expiresAt === undefined ? null : new Date(input.expiresAt);
    if (expiresAt && expiresAt.getTime() <= Date.now())
      throw new ApiError(HttpStatus.BAD_REQUEST, [
        { path: 'body.expiresAt', message: `body.expiresAt: expected a time in the future, got ${input.expiresAt}` },
      ]);
    try {
      return await this.keys.create({ role: input.role, team: input.team ?? null, name: input.name, expiresAt });
    } catch (error) {
      const message = (error as Error).message;
      if (message.startsWith('team:'))
        throw new ApiError(HttpStatus.BAD_REQUEST, [
          { path: 'body.team', message: `body.team: ${message.slice(5).trim()}` },
        ]);
      throw error;
    }
  }

  @Get()
  @ApiQueryFromZod(listKeysQuery)
  async list(@Query() query: unknown) {
    const page = validateRequestPart(listKeysQuery, query, 'query');
    return pageOf(await this.keys.list(pageWindow(page)), page);
  }

  /** A new key like the old one; the old one keeps working for `overlapSeconds`, then expires. */
  @Post(':id/rotate')
  @ApiBodyFromZod(rotateKeyBody)
  async rotate(@Param('id') id: string, @Req() req: Request) {
    checkedKeyId(id);
    // No body at all takes the default overlap.
    const raw = req.headers['content-type'] === undefined ? {} : await readJsonBody(req);
    const input = validateRequestPart(rotateKeyBody, raw, 'body');
    const created = await this.keys.rotate(id, input.overlapSeconds);
    if (!created)
      throw new ApiError(HttpStatus.NOT_FOUND, [{ path: 'path.id', message: `path.id: no active key with id ${id}` }]);
    if (input.overlapSeconds === 0) this.guard.forget(id);
    return { ...created, rotatedFrom: id, previousKeyExpiresAt: new Date(Date.now() + input.overlapSeconds * 1000) };
  }

  @Delete(':id')
  async revoke(@Param('id') id: string) {
    checkedKeyId(id);
    if (!(await this.keys.revoke(id)))
      throw new ApiError(HttpStatus.NOT_FOUND, [{ path: 'path.id', message: `path.id: no active key with id ${id}` }]);
    this.guard.forget(id);
    return { keyId: id, revoked: true };
  }
}

function checkedKeyId(id: string): void {
  if (!UUID.test(id))
    throw new ApiError(HttpStatus.BAD_REQUEST, [
      { path: 'path.id', message: `path.id: expected a key id (UUID), got ${JSON.stringify(id.slice(0, 64))}` },
    ]);
}
