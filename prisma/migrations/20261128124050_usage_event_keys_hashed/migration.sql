-- The ledger's key becomes the first 128 bits of SHA-256(source, NUL, id) (ledgerKey in
-- libs/db/src/usage-copy-rows.ts). Keys already stored are converted, so no event stored before
-- this migration can be stored again after it.
ALTER TABLE "usage_event_keys" ADD COLUMN "key" UUID;
UPDATE "usage_event_keys"
SET "key" = substr(encode(sha256(convert_to("source", 'UTF8') || '\x00'::bytea || convert_to("id", 'UTF8')), 'hex'), 1, 32)::uuid;

-- AlterTable
ALTER TABLE "usage_event_keys" DROP CONSTRAINT "usage_event_keys_pkey",
DROP COLUMN "id",
DROP COLUMN "source",
ALTER COLUMN "key" SET NOT NULL,
ADD CONSTRAINT "usage_event_keys_pkey" PRIMARY KEY ("key");
