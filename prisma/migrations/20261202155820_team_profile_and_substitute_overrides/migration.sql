-- AlterTable
ALTER TABLE "teams" ADD COLUMN     "privacy" VARCHAR(16) NOT NULL DEFAULT 'none',
ADD COLUMN     "profile_set_at" TIMESTAMPTZ(3),
ADD COLUMN     "profile_set_by" VARCHAR(128);

-- CreateTable
CREATE TABLE "substitute_catalog_versions" (
    "version" SERIAL NOT NULL,
    "entries" JSONB NOT NULL,
    "set_by" VARCHAR(128) NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "substitute_catalog_versions_pkey" PRIMARY KEY ("version")
);


-- A team already marked privacy-critical keeps that meaning at the finer level.
UPDATE "teams" SET "privacy" = 'critical' WHERE "privacy_critical";
