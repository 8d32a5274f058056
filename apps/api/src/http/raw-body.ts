import { HttpStatus } from '@nestjs/common';
import type { Request } from 'express';
import { ApiError } from './api-error';

/** The request body as bytes, refusing more than `limit` with a 413 that says the limit. */
export async function readRawBody(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(declared, limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge(size, limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function tooLarge(size: number, limit: number): ApiError {
  return new ApiError(HttpStatus.PAYLOAD_TOO_LARGE, [
    {
      path: 'body',
      message: `expected at most ${limit} bytes, got ${size}${size > limit ? '+' : ''}; split the batch`,
    },
  ]);
}
