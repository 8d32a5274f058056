/**
 * Whether a database error may pass by itself (connection lost, server restarting, lock timeout),
 * so the batch should be retried as is, rather than being caused by the data.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  if (typeof code !== 'string') return true; // no SQLSTATE: socket errors, timeouts, pool exhaustion
  if (/^E[A-Z]+$/.test(code)) return true; // Node socket errors: ECONNREFUSED, ECONNRESET, ...
  const sqlClass = code.slice(0, 2);
  // 08 connection exception, 53 insufficient resources, 57 operator intervention (shutdown),
  // 40 transaction rollback (serialization, deadlock), 55P03 lock not available. Also 42 (undefined
  // table or column, missing privilege) and 3F (no such schema): the statement, not the data, does
  // not fit the database, as while a consumer of the previous release meets a migrated schema during
  // a deploy. Its records stay in Kafka for the next release instead of flooding the DLQ.
  return ['08', '53', '57', '40', '58', '42', '3F'].includes(sqlClass) || code === '55P03';
}

const PRISMA_UNAVAILABLE = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);

/**
 * The database cannot be reached or is shutting down (a restart, a failover): a request that met this is
 * answerable later, so the API says 503 with Retry-After rather than a bare 500. Narrower than
 * isTransientDatabaseError: an error without a code here is a bug, not an outage.
 */
export function isDatabaseUnavailableError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (/^E[A-Z]+$/.test(code) || ['08', '53', '57'].includes(code.slice(0, 2))))
    return true;
  // Prisma's own codes for an unreachable server, a closed connection, a timed-out connection or pool.
  if (typeof code === 'string' && PRISMA_UNAVAILABLE.has(code)) return true;
  return (
    typeof message === 'string' &&
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(
      message,
    )
  );
}
