-- No change to the database: compact_usage_dimensions and volume_forecast_backtest_predictions were written
-- side by side, each from its own copy of schema.prisma. This snapshot records the merged schema.prisma they
-- add up to, so the next migration is generated against the whole schema.
SELECT 1;
