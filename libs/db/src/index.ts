// libs/db: the client (Prisma with adapter-pg, and a pg pool for raw SQL and COPY), one repository per
// table, the COPY encoding of the ingest hot path, and the offline migrations.
// Nest wiring and generated enums

// client
export * from './client/database-errors';
export * from './client/database-pool';
export * from './client/prisma.service';
export * from './client/sql-executor';
// COPY encoding
export * from './copy/copy-lines';
export * from './copy/ledger-key-words';
export * from './copy/usage-copy-rows';
export * from './db.module';
// exports
export * from './exports/focus-export-reader';
export { ApiKeyRole } from './generated/prisma/enums';
// migrations
export * from './migrations/migration-files';
export * from './migrations/migration-runner';
// repositories
export * from './repositories/alert-config-audit-repository';
export * from './repositories/alert-delivery-repository';
export * from './repositories/alert-event-repository';
export * from './repositories/alert-rule-repository';
export * from './repositories/api-key-repository';
export * from './repositories/budget-repository';
export * from './repositories/deployment-repository';
export * from './repositories/deployment-utilization-daily-repository';
export * from './repositories/invoiced-cost-repository';
export * from './repositories/metric-counter-state-repository';
export * from './repositories/month-spend-repository';
export * from './repositories/organization-assumptions-repository';
export * from './repositories/partition-maintainer';
export * from './repositories/planner-run-repository';
export * from './repositories/planner-sample-stats-repository';
export * from './repositories/price-entry-repository';
export * from './repositories/recommendation-repository';
export * from './repositories/rollup-day-repository';
export * from './repositories/stand-in-autovacuum';
export * from './repositories/substitute-catalog-repository';
export * from './repositories/team-repository';
export * from './repositories/usage-dimension-repository';
export * from './repositories/usage-query-repository';
export * from './repositories/usage-record-repository';
export * from './repositories/usage-rollup-daily-repository';
export * from './repositories/usage-rollup-day-sync';
export * from './repositories/usage-rollup-hourly-repository';
export * from './repositories/utilization-sample-repository';
export * from './repositories/volume-forecast-repository';
export * from './repositories/webhook-endpoint-repository';
export * from './repositories/weekly-report-repository';
