import { RecordSigner, signingSecretOf } from '@tokenmeter/contracts';
import type { Request } from 'express';
import type { Principal } from '../auth/principal';

/**
 * The collector signs what it puts on usage.events with the key the request was authenticated with,
 * the same way a producer writing to Kafka directly must (libs/contracts record-signature.ts), so the
 * consumer binds every record to a key and its team whichever door it came through. The key is read
 * where ApiKeyGuard read it: `Authorization: Bearer <key>`, else `x-api-key`.
 */
export function recordSignerFor(req: Request, principal: Principal): RecordSigner {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const presented = bearer ?? (req.headers['x-api-key'] as string | undefined);
  if (!presented) throw new Error('recordSignerFor: the request carries no API key (route without ApiKeyGuard?)');
  return { keyId: principal.keyId, signingSecret: signingSecretOf(presented) };
}
