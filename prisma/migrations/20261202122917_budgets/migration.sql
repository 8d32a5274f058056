-- CreateTable
CREATE TABLE "budgets" (
    "id" UUID NOT NULL,
    "team" VARCHAR(64) NOT NULL,
    "project" VARCHAR(128) NOT NULL DEFAULT '',
    "unit" VARCHAR(8) NOT NULL,
    "amount" DECIMAL(24,6) NOT NULL,
    "hard_limit" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "budgets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "budget_threshold_firings" (
    "budget_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "basis" VARCHAR(16) NOT NULL,
    "percent" INTEGER NOT NULL,
    "value" DECIMAL(24,6) NOT NULL,
    "fired_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "budget_threshold_firings_pkey" PRIMARY KEY ("budget_id","month","basis","percent")
);

-- CreateIndex
CREATE UNIQUE INDEX "budgets_team_project_key" ON "budgets"("team", "project");

