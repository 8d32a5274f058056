// API keys for finops: create (the key is in this one answer only), list (never the key or its
// hash), revoke.
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
  })
  .superRefine((value, ctx) => {
    if (value.role !== 'finops' && value.team === undefined)
      ctx.addIssue({ code: 'custom', path: ['team'], message: `required for a key with role ${value.role}` });
    if (value.role === 'finops' && value.team !== undefined)
      ctx.addIssue({ code: 'custom', path: ['team'], message: 'expected no team: finops keys are organization-wide' });
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
    try {
      return await this.keys.create({ role: input.role, team: input.team ?? null, name: input.name });
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

  @Delete(':id')
  async revoke(@Param('id') id: string) {
    if (!UUID.test(id))
      throw new ApiError(HttpStatus.BAD_REQUEST, [
        { path: 'path.id', message: `path.id: expected a key id (UUID), got "${id}"` },
      ]);
    if (!(await this.keys.revoke(id)))
      throw new ApiError(HttpStatus.NOT_FOUND, [{ path: 'path.id', message: `path.id: no active key with id ${id}` }]);
    this.guard.forget(id);
    return { keyId: id, revoked: true };
  }
}
