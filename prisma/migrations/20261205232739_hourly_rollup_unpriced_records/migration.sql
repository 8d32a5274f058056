-- AlterTable
ALTER TABLE "usage_rollups_hourly" ADD COLUMN     "unpriced_records" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "usage_rollups_hourly_team_hour_idx" ON "usage_rollups_hourly"("team", "hour");


-- Backfill: each hourly row's records without a price, counted as the nightly rollup counts its records (its
-- day's raw rows ingested before the day's watermark; a deployment-hour's log estimates left out where the
-- scraper's exact counter rows exist), so reads can tell a cost of 0 from no price at all.
WITH rolled AS MATERIALIZED (
  SELECT u.time, u.team, u.project, u.provider, u.model, u.deployment, u.source, u.tags->>'basis' AS basis,
    u.cost_usd
  FROM usage_records u
  JOIN rollup_days d ON d.day = (u.time AT TIME ZONE 'UTC')::date AND u.ingested_at < d.rolled_up_at
  WHERE u.cost_usd IS NULL OR (u.deployment IS NOT NULL AND u.tags->>'basis' = 'counter')
),
counter_hours AS (
  SELECT DISTINCT deployment, date_trunc('hour', time, 'UTC') AS hour
  FROM rolled WHERE deployment IS NOT NULL AND basis = 'counter' AND source = 'vllm-metrics:' || deployment
),
unpriced AS (
  SELECT date_trunc('hour', time, 'UTC') AS hour, team, coalesce(project, '') AS project, provider, model,
    coalesce(deployment, '') AS deployment, count(*)::int AS records
  FROM rolled r
  WHERE r.cost_usd IS NULL AND NOT (r.basis = 'log-estimate' AND EXISTS (
    SELECT 1 FROM counter_hours c WHERE c.deployment = r.deployment AND c.hour = date_trunc('hour', r.time, 'UTC')))
  GROUP BY 1, 2, 3, 4, 5, 6
)
UPDATE "usage_rollups_hourly" h SET "unpriced_records" = p.records
FROM unpriced p
WHERE h.hour = p.hour AND h.team = p.team AND h.project = p.project AND h.provider = p.provider
  AND h.model = p.model AND h.deployment = p.deployment;
