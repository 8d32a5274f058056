-- DropIndex
DROP INDEX "budgets_team_project_key";

-- AlterTable
ALTER TABLE "usage_records" ADD COLUMN     "api_key_id" UUID,
ADD COLUMN     "price_rules" VARCHAR(200),
ADD COLUMN     "service_tier" VARCHAR(16);

-- AlterTable
ALTER TABLE "budgets" ADD COLUMN     "api_key_id" VARCHAR(36) NOT NULL DEFAULT '';

-- CreateIndex
CREATE UNIQUE INDEX "budgets_team_project_api_key_id_key" ON "budgets"("team", "project", "api_key_id");

