// Binds a usage record put on Kafka to an API key, and so to a team. Whoever may write usage.events
// (the collector, a registered producer principal) still cannot make usage count for a team whose key
// they do not hold: the ingest consumer stores a record only when it carries the id of an active
// ingest or finops key and an HMAC of its value made with that key's signing secret, and the record's
// team is the key's team (a finops key may sign for any team). The signing secret is SHA-256 of the
// key (hex), which is what the database stores, so the consumer can verify without ever holding keys.
import { createHash, timingSafeEqual } from 'node:crypto';
import { HmacSha256 } from './hmac-sha256';

/** The id (UUID) of the key that signed the record. */
export const SIGNATURE_KEY_ID_HEADER = 'tokenmeter-key-id';
/** `v1=` and the hex HMAC-SHA256 of the record's value (its bytes as sent), keyed with the signing secret. */
export const SIGNATURE_HEADER = 'tokenmeter-signature';

const VERSION = 'v1=';

/** The secret a key signs with: SHA-256 of the whole key, as 64 hex digits (the stored hash). */
export function signingSecretOf(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex');
}

export function recordSignature(signingSecret: string, value: Uint8Array | string): string {
  return VERSION + hmacOf(signingSecret).hex(value);
}

/** Each signing secret's HMAC (its pads made once): a process sees few keys, so the cache stays small. */
const hmacs = new Map<string, HmacSha256>();
const MAX_CACHED_SECRETS = 1_000;

function hmacOf(signingSecret: string): HmacSha256 {
  let hmac = hmacs.get(signingSecret);
  if (hmac === undefined) {
    if (hmacs.size >= MAX_CACHED_SECRETS) hmacs.clear();
    hmac = new HmacSha256(signingSecret);
    hmacs.set(signingSecret, hmac);
  }
  return hmac;
}

export interface RecordSigner {
  keyId: string;
  signingSecret: string;
}

/** The two headers a record needs to be stored. */
export function signatureHeaders(signer: RecordSigner, value: Uint8Array | string): Record<string, string> {
  return {
    [SIGNATURE_KEY_ID_HEADER]: signer.keyId,
    [SIGNATURE_HEADER]: recordSignature(signer.signingSecret, value),
  };
}

/** An active key that may sign: its team slug, null for an organization-wide finops key. */
export interface SigningKey {
  keyId: string;
  signingSecret: string;
  team: string | null;
}

/** What a record said about its signer (header values as text, null when absent). */
export interface PresentedSignature {
  keyId: string | null;
  signature: string | null;
}

/**
 * Why a decoded record may not be stored, or null when its signature holds and its team is the key's.
 * `keys` maps key ids to the active signing keys. Without `requireSignature` an unsigned record passes,
 * but a signed one is still checked.
 */
export function signatureRefusal(
  presented: PresentedSignature | undefined,
  value: Uint8Array | null,
  team: string,
  keys: ReadonlyMap<string, SigningKey>,
  requireSignature = true,
): string | null {
  if (!presented?.keyId && !presented?.signature && !requireSignature) return null;
  if (!presented?.keyId || !presented.signature) {
    return (
      `headers.${SIGNATURE_KEY_ID_HEADER}, headers.${SIGNATURE_HEADER}: unsigned record; expected the id of ` +
      `the team's ingest key and ${VERSION}<hex HMAC-SHA256 of the value keyed with SHA-256 of the key>`
    );
  }
  const key = keys.get(presented.keyId);
  if (!key) {
    return `headers.${SIGNATURE_KEY_ID_HEADER}: no active ingest or finops key with id "${presented.keyId}"`;
  }
  if (!sameText(presented.signature, recordSignature(key.signingSecret, value ?? new Uint8Array(0)))) {
    return `headers.${SIGNATURE_HEADER}: does not match the record's value for key ${key.keyId}`;
  }
  if (key.team !== null && key.team !== team) {
    return `subject: key ${key.keyId} belongs to team "${key.team}"; the record claims team "${team}"`;
  }
  return null;
}

/** Scratch for sameText: a signature is 67 bytes, so these are rarely grown. */
let presentedBytes = Buffer.alloc(128);
let expectedBytes = Buffer.alloc(128);

/** Whether two texts are the same bytes, compared in constant time (as timingSafeEqual does). */
function sameText(presented: string, expected: string): boolean {
  const length = Buffer.byteLength(presented, 'utf8');
  if (length !== Buffer.byteLength(expected, 'utf8')) return false;
  if (length > presentedBytes.length) {
    presentedBytes = Buffer.alloc(length);
    expectedBytes = Buffer.alloc(length);
  }
  presentedBytes.write(presented, 0, 'utf8');
  expectedBytes.write(expected, 0, 'utf8');
  return timingSafeEqual(presentedBytes.subarray(0, length), expectedBytes.subarray(0, length));
}
