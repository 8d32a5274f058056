-- CreateIndex
CREATE INDEX "usage_records_ingested_at_idx" ON "usage_records"("ingested_at");

