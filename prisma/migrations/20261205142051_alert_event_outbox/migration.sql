-- AlterTable
ALTER TABLE "alert_events" ADD COLUMN     "delivered_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "alert_events_delivered_at_idx" ON "alert_events"("delivered_at");


-- Events recorded before the outbox went out when they were recorded (or were lost then): none is sent again.
UPDATE "alert_events" SET "delivered_at" = "created_at";
