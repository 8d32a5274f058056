// Binds a vllm.logs record to the team that owns its deployment, as usage records are bound to
// theirs: the record carries `tokenmeter-key-id` and `tokenmeter-signature` (HMAC-SHA256 of the
// record's value, keyed with SHA-256 of an ingest or finops key), and the key must be the owning
// team's (a finops key signs for any team). Whoever may write vllm.logs still cannot inflate, or
// push estimates into, another team's deployment without that team's key.
import {
  PresentedSignature,
  SIGNATURE_HEADER,
  SIGNATURE_KEY_ID_HEADER,
  SigningKey,
  signatureRefusal,
} from '@tokenmeter/contracts';
import type { IHeaders } from 'kafkajs';

function headerText(headers: IHeaders | undefined, name: string): string | null {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined || first === null) return null;
  return (Buffer.isBuffer(first) ? first.toString('utf8') : String(first)).trim() || null;
}

/** The signer a record names, from its headers. */
export function presentedSignature(headers: IHeaders | undefined): PresentedSignature {
  return { keyId: headerText(headers, SIGNATURE_KEY_ID_HEADER), signature: headerText(headers, SIGNATURE_HEADER) };
}

/**
 * Why a log record may not count for `deployment`, or null when it may. Without `requireSignature`
 * an unsigned record passes; a signed one is checked all the same.
 */
export function logSignatureRefusal(
  message: { headers?: IHeaders; value: Buffer | null },
  deployment: { name: string; team: string },
  keys: ReadonlyMap<string, SigningKey>,
  requireSignature: boolean,
): string | null {
  const refusal = signatureRefusal(
    presentedSignature(message.headers),
    message.value,
    deployment.team,
    keys,
    requireSignature,
  );
  return refusal && `deployment ${deployment.name} of team "${deployment.team}": ${refusal}`;
}
