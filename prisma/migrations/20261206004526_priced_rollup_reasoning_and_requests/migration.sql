-- AlterTable
ALTER TABLE "usage_rollups_priced_daily" ADD COLUMN     "reasoning_tokens" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "requests" BIGINT NOT NULL DEFAULT 0;


-- Backfill: each row's reasoning tokens and requests, summed as the nightly rollup sums the row's other
-- totals (every raw row of its day ingested before the day's watermark).
UPDATE "usage_rollups_priced_daily" p
SET "reasoning_tokens" = t.reasoning_tokens, "requests" = t.requests
FROM (
  SELECT d.day, u.team, u.provider, u.model, coalesce(u.service_tier, '') AS service_tier,
    coalesce(u.price_version, '') AS price_version, coalesce(u.price_rules, '') AS price_rules,
    sum(u.reasoning_tokens) AS reasoning_tokens, sum(u.requests) AS requests
  FROM usage_records u
  JOIN rollup_days d ON d.day = (u.time AT TIME ZONE 'UTC')::date AND u.ingested_at < d.rolled_up_at
  GROUP BY 1, 2, 3, 4, 5, 6, 7
) t
WHERE p.day = t.day AND p.team = t.team AND p.provider = t.provider AND p.model = t.model
  AND p.service_tier = t.service_tier AND p.price_version = t.price_version AND p.price_rules = t.price_rules;
