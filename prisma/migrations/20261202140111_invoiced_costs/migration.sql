-- CreateTable
CREATE TABLE "invoiced_costs" (
    "id" BIGSERIAL NOT NULL,
    "import_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "provider" VARCHAR(64) NOT NULL,
    "model" VARCHAR(200) NOT NULL,
    "service_tier" VARCHAR(32),
    "context_window" VARCHAR(32),
    "token_type" VARCHAR(128),
    "description" VARCHAR(500),
    "cost_usd" DECIMAL(20,10) NOT NULL,
    "imported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invoiced_costs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "invoiced_costs_provider_day_idx" ON "invoiced_costs"("provider", "day");

