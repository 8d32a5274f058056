import { HttpStatus } from '@nestjs/common';
import type { Request } from 'express';
import { ApiError } from './api-error';
import { readRawBody } from './raw-body';

const JSON_BODY_LIMIT = 64 * 1024;

/** The request's JSON body (the app reads bodies itself: body parsing is off for the collector's sake). */
export async function readJsonBody(req: Request): Promise<unknown> {
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType !== 'application/json') {
    throw new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, [
      {
        path: 'headers.content-type',
        message: `headers.content-type: expected application/json, got "${contentType}"`,
      },
    ]);
  }
  const raw = await readRawBody(req, JSON_BODY_LIMIT);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new ApiError(HttpStatus.BAD_REQUEST, [
      { path: 'body', message: `body: not valid JSON: ${(error as Error).message}` },
    ]);
  }
}
