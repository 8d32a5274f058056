// The key test producers sign usage records with when they write to Kafka directly (the way a
// registered producer must, libs/contracts record-signature.ts). global-setup.ts puts it in the
// template database, so every suite's database has it: an organization-wide finops key, so it may
// sign for any team. Suites about the binding itself make team keys of their own.
import { RecordSigner, signingSecretOf } from '../../libs/contracts/src/record-signature';

export const TEST_PRODUCER_KEY = {
  keyId: '00000000-0000-4000-8000-00000000517e',
  key: 'tm_finops_test-producer-key-known-to-the-test-suites-only',
};

export const TEST_SIGNER: RecordSigner = {
  keyId: TEST_PRODUCER_KEY.keyId,
  signingSecret: signingSecretOf(TEST_PRODUCER_KEY.key),
};

/** The row, for a template database (its hash is the signing secret). */
export const TEST_PRODUCER_KEY_SQL =
  "INSERT INTO api_keys (id, team_id, role, name, prefix, hash) VALUES ('" +
  `${TEST_PRODUCER_KEY.keyId}', NULL, 'finops', 'test producer (test/support)', 'tm_finops_test', ` +
  `'${TEST_SIGNER.signingSecret}') ON CONFLICT DO NOTHING`;
