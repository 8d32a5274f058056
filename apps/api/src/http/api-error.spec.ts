import { HttpStatus } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { ApiError, apiErrorBody } from './api-error';

describe('apiErrorBody', () => {
  it('answers 503 to a request the database could not take (a restart), and 500 to a bug', () => {
    // A collector request during a Postgres restart said 500 "internal error", which no client retries.
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const shuttingDown = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    });
    // Prisma's, as the key lookup met it with Postgres stopped.
    const unreachable = Object.assign(new Error("Can't reach database server"), { code: 'P1001' });
    for (const error of [refused, shuttingDown, unreachable, new Error('Connection terminated unexpectedly')])
      expect(apiErrorBody(error)).toEqual({
        status: 503,
        error: 'SERVICE_UNAVAILABLE',
        errors: [{ path: '', message: 'the database is unavailable: retry after 5 s' }],
      });
    expect(apiErrorBody(new TypeError("Cannot read properties of undefined (reading 'x')")).status).toBe(500);
    const unique = Object.assign(new Error('duplicate key value'), { code: '23505' });
    expect(apiErrorBody(unique).status).toBe(500);
    expect(apiErrorBody(new ApiError(HttpStatus.BAD_REQUEST, [{ path: 'body.team', message: 'm' }])).status).toBe(400);
  });
});
