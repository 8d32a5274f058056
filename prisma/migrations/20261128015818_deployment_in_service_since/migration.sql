-- AlterTable
ALTER TABLE "deployments" ADD COLUMN     "in_service_since" TIMESTAMPTZ(3);

