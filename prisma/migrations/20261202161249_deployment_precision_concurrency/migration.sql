-- AlterTable
ALTER TABLE "deployments" ADD COLUMN     "concurrency" INTEGER,
ADD COLUMN     "precision" VARCHAR(8);

