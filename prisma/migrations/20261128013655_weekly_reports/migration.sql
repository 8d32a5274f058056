-- CreateTable
CREATE TABLE "weekly_reports" (
    "id" UUID NOT NULL,
    "week" VARCHAR(8) NOT NULL,
    "team" VARCHAR(64) NOT NULL DEFAULT '',
    "generated_at" TIMESTAMPTZ(3) NOT NULL,
    "content" JSONB NOT NULL,

    CONSTRAINT "weekly_reports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "weekly_reports_week_team_key" ON "weekly_reports"("week", "team");

