// Page-number pagination shared by every list: page ≥ 1, pageSize 1–1000 (default 100); a list
// answers `nextPage` (null on the last page), found by reading one row more than asked.
import { z } from 'zod';

export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;

export const paginationShape = {
  page: z.coerce.number().int('expected an integer ≥ 1').min(1, 'expected an integer ≥ 1').default(1),
  pageSize: z.coerce
    .number()
    .int(`expected an integer from 1 to ${MAX_PAGE_SIZE}`)
    .min(1, `expected an integer from 1 to ${MAX_PAGE_SIZE}`)
    .max(MAX_PAGE_SIZE, `expected an integer from 1 to ${MAX_PAGE_SIZE}`)
    .default(DEFAULT_PAGE_SIZE),
};

export interface Pagination {
  page: number;
  pageSize: number;
}

/** The offset and the limit to ask the repository for (one more than a page, to see if another follows). */
export function pageWindow({ page, pageSize }: Pagination): { offset: number; limit: number } {
  return { offset: (page - 1) * pageSize, limit: pageSize + 1 };
}

export function pageOf<T>(
  rows: T[],
  { page, pageSize }: Pagination,
): { items: T[]; page: number; pageSize: number; nextPage: number | null } {
  return { items: rows.slice(0, pageSize), page, pageSize, nextPage: rows.length > pageSize ? page + 1 : null };
}
