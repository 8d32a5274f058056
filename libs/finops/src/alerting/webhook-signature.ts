// The generic webhook's signature: X-TokenMeter-Signature: sha256=<hex HMAC-SHA256(secret,
// "<timestamp>.<body>")>, X-TokenMeter-Timestamp: Unix seconds. A receiver recomputes it, compares in
// constant time, and refuses timestamps outside the replay window.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-tokenmeter-signature';
export const TIMESTAMP_HEADER = 'x-tokenmeter-timestamp';
/** Receivers should refuse a message whose timestamp is further than this from their clock. */
export const REPLAY_WINDOW_SECONDS = 300;

export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does (and the README shows): true only for a fresh, correctly signed body. */
export function verifyWebhookSignature(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  body: string,
  nowSeconds: number,
): boolean {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > REPLAY_WINDOW_SECONDS) return false;
  const expected = Buffer.from(webhookSignature(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
