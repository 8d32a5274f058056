-- AlterTable
ALTER TABLE "volume_forecasts" ADD COLUMN     "backtest_predictions" JSONB NOT NULL DEFAULT '[]';

