-- AlterTable
ALTER TABLE "deployments" ADD COLUMN     "engine" VARCHAR(16) NOT NULL DEFAULT 'vllm';

