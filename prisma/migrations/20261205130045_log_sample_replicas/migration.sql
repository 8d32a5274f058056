-- AlterTable
ALTER TABLE "utilization_samples" DROP CONSTRAINT "utilization_samples_pkey",
ADD COLUMN     "replica" VARCHAR(253) NOT NULL DEFAULT '',
ADD CONSTRAINT "utilization_samples_pkey" PRIMARY KEY ("deployment", "time", "engine", "source", "replica");

