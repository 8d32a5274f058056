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
