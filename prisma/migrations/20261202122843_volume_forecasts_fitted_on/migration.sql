-- AlterTable
ALTER TABLE "volume_forecasts" ADD COLUMN     "fitted_on" DATE;

