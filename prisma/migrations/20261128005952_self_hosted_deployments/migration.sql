-- CreateTable
CREATE TABLE "deployments" (
    "id" UUID NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "team" VARCHAR(64) NOT NULL,
    "served_model" VARCHAR(200) NOT NULL,
    "gpu_type" VARCHAR(64) NOT NULL,
    "gpu_count" INTEGER NOT NULL,
    "gpu_unit_price_usd" DECIMAL(14,2) NOT NULL,
    "other_capex_usd" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "gpu_power_watts" INTEGER NOT NULL,
    "pue" DECIMAL(4,2) NOT NULL DEFAULT 1.2,
    "electricity_usd_per_kwh" DECIMAL(8,4) NOT NULL,
    "hosting_usd_per_month" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "personnel_usd_per_month" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "maintenance_usd_per_month" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "amortization_months" INTEGER NOT NULL DEFAULT 36,
    "rated_throughput_tokens_per_sec" DECIMAL(12,2),
    "log_stats_interval_sec" DECIMAL(6,2) NOT NULL DEFAULT 10,
    "vllm_metrics_url" VARCHAR(500),
    "dcgm_metrics_url" VARCHAR(500),
    "kubernetes_labels" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "deployments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "utilization_samples" (
    "deployment" VARCHAR(128) NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "engine" INTEGER NOT NULL DEFAULT 0,
    "source" VARCHAR(16) NOT NULL,
    "interval_sec" DECIMAL(8,3) NOT NULL,
    "prompt_tokens_per_sec" DECIMAL(14,3),
    "generation_tokens_per_sec" DECIMAL(14,3),
    "running" INTEGER,
    "waiting" INTEGER,
    "swapped" INTEGER,
    "kv_cache_usage_pct" DECIMAL(6,3),
    "prefix_cache_hit_rate_pct" DECIMAL(6,3),
    "gpu_util_pct" DECIMAL(6,3),
    "gpu_engine_active_pct" DECIMAL(6,3),
    "power_watts" DECIMAL(12,3),
    "energy_joules" DECIMAL(20,3),

    CONSTRAINT "utilization_samples_pkey" PRIMARY KEY ("deployment","time","engine","source")
);

-- CreateTable
CREATE TABLE "metric_counter_states" (
    "deployment" VARCHAR(128) NOT NULL,
    "target" VARCHAR(16) NOT NULL,
    "counters" JSONB NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "metric_counter_states_pkey" PRIMARY KEY ("deployment","target")
);

-- CreateIndex
CREATE UNIQUE INDEX "deployments_name_key" ON "deployments"("name");

-- CreateIndex
CREATE INDEX "utilization_samples_time_idx" ON "utilization_samples"("time");

