-- Keys may expire (rotation with overlap sets the old key's expiry).
ALTER TABLE "api_keys" ADD COLUMN     "expires_at" TIMESTAMPTZ(3);

-- Idempotency is per team: a usage event is (team, source, id), so one team's events can never
-- take another team's (source, id) first and have the other's real events dropped as duplicates.
ALTER TABLE "usage_records" DROP CONSTRAINT "usage_records_pkey",
ADD CONSTRAINT "usage_records_pkey" PRIMARY KEY ("source", "id", "time", "team");

-- The ledger's key becomes the first 128 bits of SHA-256(team, NUL, source, NUL, id) (ledgerKey in
-- libs/db/src/copy/usage-copy-rows.ts). Keys of stored records are converted with their record's
-- team, so no event stored before this migration can be stored again after it.
UPDATE "usage_event_keys" AS k
SET "key" = substr(encode(sha256(
      convert_to(r."team", 'UTF8') || '\x00'::bytea || convert_to(r."source", 'UTF8') || '\x00'::bytea ||
      convert_to(r."id", 'UTF8')), 'hex'), 1, 32)::uuid
FROM "usage_records" AS r
WHERE r."time" = k."time"
  AND k."key" = substr(encode(sha256(
      convert_to(r."source", 'UTF8') || '\x00'::bytea || convert_to(r."id", 'UTF8')), 'hex'), 1, 32)::uuid;
