// Validates a request part (query, body, path) with zod and turns every issue into the API's error
// shape, the path prefixed by the part: `query.window: expected one of hour, day, week, month, got "year"`.
import { HttpStatus } from '@nestjs/common';
import { z } from 'zod';
import { ApiError, FieldProblem } from './api-error';

export function validateRequestPart<S extends z.ZodType>(
  schema: S,
  value: unknown,
  part: 'query' | 'body' | 'path',
): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new ApiError(
    HttpStatus.BAD_REQUEST,
    result.error.issues.map((issue) => problem(issue, value, part)),
  );
}

function problem(issue: z.core.$ZodIssue, root: unknown, part: string): FieldProblem {
  const path = [part, ...issue.path.map(String)].join('.');
  const got = issue.path.reduce<unknown>(
    (node, key) => (node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined),
    root,
  );
  const message =
    issue.code === 'invalid_value' && 'values' in issue
      ? `expected one of ${issue.values.map(String).join(', ')}`
      : issue.code === 'unrecognized_keys'
        ? `unknown ${issue.keys.length > 1 ? 'parameters' : 'parameter'} ${issue.keys.join(', ')}`
        : issue.message;
  return { path, message: `${path}: ${message}${got === undefined ? '' : `, got ${JSON.stringify(got)}`}` };
}
