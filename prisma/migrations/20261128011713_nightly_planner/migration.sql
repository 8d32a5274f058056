-- CreateTable
CREATE TABLE "usage_rollups_daily" (
    "day" DATE NOT NULL,
    "team" VARCHAR(64) NOT NULL,
    "project" VARCHAR(128) NOT NULL DEFAULT '',
    "provider" VARCHAR(64) NOT NULL,
    "model" VARCHAR(200) NOT NULL,
    "deployment" VARCHAR(128) NOT NULL DEFAULT '',
    "input_tokens" BIGINT NOT NULL,
    "cached_input_tokens" BIGINT NOT NULL,
    "cache_write_tokens" BIGINT NOT NULL,
    "output_tokens" BIGINT NOT NULL,
    "reasoning_tokens" BIGINT NOT NULL,
    "requests" BIGINT NOT NULL,
    "cost_usd" DECIMAL(24,10) NOT NULL,
    "records" INTEGER NOT NULL,
    "unpriced_records" INTEGER NOT NULL,

    CONSTRAINT "usage_rollups_daily_pkey" PRIMARY KEY ("day","team","project","provider","model","deployment")
);

-- CreateTable
CREATE TABLE "usage_rollups_hourly" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "team" VARCHAR(64) NOT NULL,
    "project" VARCHAR(128) NOT NULL DEFAULT '',
    "provider" VARCHAR(64) NOT NULL,
    "model" VARCHAR(200) NOT NULL,
    "deployment" VARCHAR(128) NOT NULL DEFAULT '',
    "input_tokens" BIGINT NOT NULL,
    "cached_input_tokens" BIGINT NOT NULL,
    "cache_write_tokens" BIGINT NOT NULL,
    "output_tokens" BIGINT NOT NULL,
    "reasoning_tokens" BIGINT NOT NULL,
    "requests" BIGINT NOT NULL,
    "cost_usd" DECIMAL(24,10) NOT NULL,
    "records" INTEGER NOT NULL,

    CONSTRAINT "usage_rollups_hourly_pkey" PRIMARY KEY ("hour","team","project","provider","model","deployment")
);

-- CreateTable
CREATE TABLE "rollup_days" (
    "day" DATE NOT NULL,
    "rolled_up_at" TIMESTAMPTZ(3) NOT NULL,
    "records" INTEGER NOT NULL,

    CONSTRAINT "rollup_days_pkey" PRIMARY KEY ("day")
);

-- CreateTable
CREATE TABLE "planner_runs" (
    "run_date" DATE NOT NULL,
    "step" VARCHAR(32) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "duration_ms" INTEGER,
    "error" TEXT,
    "output" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "planner_runs_pkey" PRIMARY KEY ("run_date","step")
);

-- CreateTable
CREATE TABLE "volume_forecasts" (
    "run_date" DATE NOT NULL,
    "scope" VARCHAR(16) NOT NULL,
    "team" VARCHAR(64) NOT NULL,
    "provider" VARCHAR(64) NOT NULL DEFAULT '',
    "model" VARCHAR(200) NOT NULL DEFAULT '',
    "method" VARCHAR(16) NOT NULL,
    "history_days" INTEGER NOT NULL,
    "interval_level" DECIMAL(4,3) NOT NULL,
    "mape_pct" DECIMAL(12,4),
    "confidence" VARCHAR(8) NOT NULL,
    "tokens_3m" DECIMAL(24,2) NOT NULL,
    "tokens_12m" DECIMAL(24,2) NOT NULL,
    "tokens_36m" DECIMAL(24,2) NOT NULL,
    "months" JSONB NOT NULL,
    "notes" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "volume_forecasts_pkey" PRIMARY KEY ("run_date","scope","team","provider","model")
);

-- CreateTable
CREATE TABLE "deployment_utilization_daily" (
    "day" DATE NOT NULL,
    "deployment" VARCHAR(128) NOT NULL,
    "team" VARCHAR(64) NOT NULL,
    "paid_hours" DECIMAL(6,3) NOT NULL,
    "served_tokens" BIGINT NOT NULL,
    "capacity_tokens" BIGINT,
    "utilization" DECIMAL(8,6),
    "busy_share" DECIMAL(8,6),
    "kv_cache_avg_pct" DECIMAL(6,3),
    "gpu_engine_active_pct" DECIMAL(6,3),
    "energy_kwh" DECIMAL(14,4),
    "energy_cost_usd" DECIMAL(14,4),
    "daily_cost_usd" DECIMAL(14,4) NOT NULL,
    "idle_waste_usd" DECIMAL(14,4),
    "basis" VARCHAR(16) NOT NULL,

    CONSTRAINT "deployment_utilization_daily_pkey" PRIMARY KEY ("day","deployment")
);

-- CreateTable
CREATE TABLE "recommendations" (
    "run_date" DATE NOT NULL,
    "team" VARCHAR(64) NOT NULL,
    "workload" VARCHAR(300) NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "fingerprint" CHAR(64) NOT NULL,
    "announced" BOOLEAN NOT NULL,
    "rationale" TEXT NOT NULL,
    "inputs" JSONB NOT NULL,
    "numbers" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recommendations_pkey" PRIMARY KEY ("run_date","team","workload")
);

-- CreateTable
CREATE TABLE "alert_rules" (
    "id" UUID NOT NULL,
    "team" VARCHAR(64) NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "threshold" DECIMAL(24,6) NOT NULL,
    "hysteresis" DECIMAL(5,4) NOT NULL DEFAULT 0.1,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alerts" (
    "team" VARCHAR(64) NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "subject" VARCHAR(300) NOT NULL,
    "state" VARCHAR(16) NOT NULL,
    "value" DECIMAL(24,6),
    "threshold" DECIMAL(24,6),
    "message" TEXT NOT NULL,
    "fired_on" DATE,
    "resolved_on" DATE,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("team","kind","subject")
);

-- CreateTable
CREATE TABLE "alert_events" (
    "team" VARCHAR(64) NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "subject" VARCHAR(300) NOT NULL,
    "run_date" DATE NOT NULL,
    "transition" VARCHAR(16) NOT NULL,
    "value" DECIMAL(24,6),
    "threshold" DECIMAL(24,6),
    "message" TEXT NOT NULL,
    "evidence" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_events_pkey" PRIMARY KEY ("team","kind","subject","run_date")
);

-- CreateTable
CREATE TABLE "webhook_endpoints" (
    "id" UUID NOT NULL,
    "team" VARCHAR(64),
    "url" VARCHAR(1000) NOT NULL,
    "secret" VARCHAR(200) NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_endpoints_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "usage_rollups_daily_team_day_idx" ON "usage_rollups_daily"("team", "day");

-- CreateIndex
CREATE INDEX "usage_rollups_hourly_deployment_hour_idx" ON "usage_rollups_hourly"("deployment", "hour");

-- CreateIndex
CREATE INDEX "planner_runs_status_idx" ON "planner_runs"("status");

-- CreateIndex
CREATE INDEX "volume_forecasts_team_run_date_idx" ON "volume_forecasts"("team", "run_date");

-- CreateIndex
CREATE INDEX "deployment_utilization_daily_deployment_day_idx" ON "deployment_utilization_daily"("deployment", "day");

-- CreateIndex
CREATE INDEX "recommendations_team_run_date_idx" ON "recommendations"("team", "run_date");

-- CreateIndex
CREATE UNIQUE INDEX "alert_rules_team_kind_key" ON "alert_rules"("team", "kind");

-- CreateIndex
CREATE INDEX "alerts_state_idx" ON "alerts"("state");

-- CreateIndex
CREATE INDEX "alert_events_run_date_idx" ON "alert_events"("run_date");

-- CreateIndex
CREATE INDEX "webhook_endpoints_team_idx" ON "webhook_endpoints"("team");

