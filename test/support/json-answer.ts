// The JSON answers the integration tests read, typed by what each call expects (the assertions then
// check it), instead of `any`.
import type { FieldError } from '../../libs/contracts/src/validation-error';

/** A 400's body: one entry per wrong field, each naming what was expected. */
export interface ErrorAnswer {
  errors: FieldError[];
}

/** One page of a list answer. */
export interface PageAnswer<T> {
  items: T[];
  page: number;
  pageSize: number;
  nextPage: number | null;
}

/** The status and the parsed body of a JSON response (null for 204 No Content). */
export async function jsonAnswer<T>(res: Response): Promise<{ status: number; body: T }> {
  return { status: res.status, body: (res.status === 204 ? null : await res.json()) as T };
}

/**
 * One API request with a key: `body` is sent as JSON, or as it is when already a string (with
 * `contentType`); the answer typed as the caller expects.
 */
export async function callApi<T>(
  baseUrl: string,
  key: string,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return jsonAnswer<T>(res);
}
