import type { QueryResult, QueryResultRow } from 'pg';

/**
 * Anything that runs one SQL statement: the DatabasePool, or the client of an open transaction
 * (DatabasePool.transaction), so a repository call can join a caller's transaction.
 */
export interface SqlExecutor {
  query<R extends QueryResultRow = QueryResultRow>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
}
