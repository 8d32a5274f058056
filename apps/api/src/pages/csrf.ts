// Cross-site request forgery on the pages' form posts (sign-in, sign-out, the budgets page). Sign-in
// uses a double-submit token: GET /login sets a random token in a SameSite=Strict cookie and in the
// form, and POST /login needs both to match (another site can neither read the cookie nor set it);
// a signed-in page's forms carry a token derived from the session. Every post also needs a form
// content type and, when the browser says where the request came from (Origin, Sec-Fetch-Site), this
// site: so another site cannot sign a victim in under the attacker's key (login CSRF), sign them out
// or change a budget in their name.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { readCookie, SESSION_COOKIE } from './session-store';

export const CSRF_COOKIE = 'tm_csrf';
export const CSRF_FIELD = 'csrf';
/** Long enough to read the form and find the key; a stale form just shows a fresh one. */
export const CSRF_TTL_SECONDS = 3600;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

export function csrfCookie(req: Request, token: string, maxAge = CSRF_TTL_SECONDS): string {
  return `${CSRF_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${req.secure ? '; Secure' : ''}`;
}

/** Why a form post is not from this site's own page, or null when it is. */
export function crossSiteProblem(req: Request): string | null {
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType !== 'application/x-www-form-urlencoded')
    return `expected a form post (application/x-www-form-urlencoded), got "${contentType}"`;
  const fetchSite = req.headers['sec-fetch-site'];
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none')
    return `the form was sent from another site (Sec-Fetch-Site: ${fetchSite})`;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `${req.protocol}://${req.get('host')}`)
    return `the form was sent from another origin (${origin.slice(0, 100)})`;
  return null;
}

/** Why the sign-in form's token does not match its cookie, or null when it does. */
export function csrfTokenProblem(req: Request, form: URLSearchParams): string | null {
  const cookie = readCookie(req.headers.cookie, CSRF_COOKIE) ?? '';
  const field = form.get(CSRF_FIELD) ?? '';
  if (!TOKEN.test(cookie) || !TOKEN.test(field)) return 'the sign-in form has expired';
  return timingSafeEqual(Buffer.from(cookie), Buffer.from(field)) ? null : 'the sign-in form has expired';
}

/**
 * The token a signed-in page puts in its forms (the budgets page's set and delete): derived from the
 * session id, which another site can neither read (HttpOnly) nor guess, so no second cookie is needed
 * and the token lives exactly as long as the session.
 */
export function sessionFormToken(sessionId: string): string {
  return createHash('sha256').update(`tokenmeter-form\u0000${sessionId}`).digest('base64url');
}

/** Why a signed-in page's form post does not carry its session's token, or null when it does. */
export function sessionFormTokenProblem(req: Request, form: URLSearchParams): string | null {
  const session = readCookie(req.headers.cookie, SESSION_COOKIE);
  const field = form.get(CSRF_FIELD) ?? '';
  if (!session || !TOKEN.test(field)) return 'the form has expired; open the page again';
  const expected = sessionFormToken(session);
  return timingSafeEqual(Buffer.from(expected), Buffer.from(field))
    ? null
    : 'the form has expired; open the page again';
}
