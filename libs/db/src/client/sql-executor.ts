import type { QueryResult } from 'pg';

/**
 * Anything that runs one SQL statement: the DatabasePool, or the client of an open transaction
 * (DatabasePool.transaction), so a repository call can join a caller's transaction.
 */
export interface SqlExecutor {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(sql: string, params?: unknown[]): Promise<QueryResult<any>>;
}
