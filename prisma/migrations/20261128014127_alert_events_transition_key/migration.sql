-- AlterTable
ALTER TABLE "alert_events" DROP CONSTRAINT "alert_events_pkey",
ADD CONSTRAINT "alert_events_pkey" PRIMARY KEY ("team", "kind", "subject", "run_date", "transition");

