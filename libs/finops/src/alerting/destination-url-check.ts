// Whether a destination URL may be posted to: https (or http when allowed), no credentials, and no
// literal private, loopback, link-local, multicast or otherwise non-public address unless the host
// is on the configured allow list. Which addresses those are is decided in one place,
// libs/contracts network-address.ts (also used for deployments' metrics URLs). Pure: the caller
// resolves names and checks every resolved address too.
import { addressClass, isNonPublicAddress } from '@tokenmeter/contracts';

export interface UrlPolicy {
  /** Host names or addresses (exact, lower case) that may be private, e.g. a local receiver. */
  allowedHosts: readonly string[];
  allowHttp: boolean;
}

/** null when the URL is acceptable, else why not (for a 400 naming the field). */
export function destinationUrlProblem(raw: string, policy: UrlPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `expected an absolute http(s) URL, got "${raw}"`;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp))
    return `expected an https URL${policy.allowHttp ? ' or http URL' : ''}, got "${url.protocol}"`;
  if (url.username || url.password) return 'expected no user name or password in the URL';
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (policy.allowedHosts.includes(host) || policy.allowedHosts.includes(url.host.toLowerCase())) return null;
  if (host === 'localhost' || host.endsWith('.localhost'))
    return `"${host}" is a loopback name; add it to ALERT_ALLOWED_HOSTS to allow it`;
  if (isNonPublicAddress(host))
    return `"${host}" is a ${addressClass(host)} address; add it to ALERT_ALLOWED_HOSTS to allow it`;
  return null;
}

/** A resolved address of an allowed name is checked again: a public name may point inside. */
export function resolvedAddressProblem(host: string, address: string, policy: UrlPolicy): string | null {
  if (policy.allowedHosts.includes(host.toLowerCase())) return null;
  return isNonPublicAddress(address) ? `"${host}" resolves to the ${addressClass(address)} address ${address}` : null;
}
