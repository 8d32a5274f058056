import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import { Pool, PoolClient, QueryResultRow, types } from 'pg';

// BIGINT (token sums) as JS bigint: numbers would lose precision past 2^53; NUMERIC stays a string.
// Set on this pool only: Prisma's adapter shares the pg module and expects its own parsing.
export const BIGINT_AS_BIGINT_TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === types.builtins.INT8
      ? (value: string) => BigInt(value)
      : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
};

/** A plain pg pool for bulk statements (unnest, COPY) that Prisma's model API cannot do fast. */
@Injectable()
export class DatabasePool implements OnModuleDestroy {
  readonly pool: Pool;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.pool = new Pool({
      connectionString: config.DATABASE_URL,
      max: 8,
      connectionTimeoutMillis: 5_000,
      types: BIGINT_AS_BIGINT_TYPES,
    });
    // An idle client losing its server (Postgres restart) must not crash the process.
    this.pool.on('error', () => undefined);
  }

  query<R extends QueryResultRow = QueryResultRow>(sql: string, params?: unknown[]) {
    return this.pool.query<R>(sql, params);
  }

  /** Rows as arrays of their columns in select order: no object per row (large reads, such as the FOCUS export). */
  async queryArrays<R extends unknown[]>(sql: string, params?: unknown[]): Promise<R[]> {
    const result = await this.pool.query<R>({ text: sql, values: params, rowMode: 'array' });
    return result.rows;
  }

  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // pg-pool stops listening to a client's errors while it is checked out: a server that goes
    // away between two statements (a Postgres restart) would otherwise crash the process. The
    // statement in flight fails on its own; this only keeps the 'error' event handled.
    const onError = () => undefined;
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      client.removeListener('error', onError);
      client.release();
      return result;
    } catch (error) {
      // A client whose ROLLBACK fails has lost its connection: it is destroyed, never handed out again.
      const rolledBack = await client.query('ROLLBACK').then(
        () => true,
        () => false,
      );
      client.removeListener('error', onError);
      client.release(rolledBack ? undefined : error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  }

  /**
   * The nightly tables' write: in one transaction, deletes the rows of `table` whose `dateColumn`
   * is `date` and runs `insert`, so a re-run of a night leaves only its last result.
   * `table` and `dateColumn` are the repositories' own constants, never input.
   */
  replaceDate(
    table: string,
    dateColumn: string,
    date: string,
    insert: (client: PoolClient) => Promise<void>,
  ): Promise<void> {
    return this.transaction(async (client) => {
      await client.query(`DELETE FROM ${table} WHERE ${dateColumn} = $1::date`, [date]);
      await insert(client);
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}
