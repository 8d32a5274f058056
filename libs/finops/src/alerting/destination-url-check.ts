// Whether a destination URL may be posted to: https (or http when allowed), and no literal
// loopback, private, link-local, CGNAT, multicast or unspecified address unless the host is on the
// configured allow list. Pure: the caller resolves names and checks every resolved address too.
import { BlockList, isIP } from 'node:net';

const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv6');

/** True for an address no alert may be sent to without an explicit allow-list entry. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, 'ipv4');
  if (family !== 6) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return BLOCKED.check(mapped[1], 'ipv4');
  return BLOCKED.check(address, 'ipv6');
}

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
  if (isPrivateAddress(host))
    return `"${host}" is a private, loopback or link-local address; add it to ALERT_ALLOWED_HOSTS to allow it`;
  return null;
}

/** A resolved address of an allowed name is checked again: a public name may point inside. */
export function resolvedAddressProblem(host: string, address: string, policy: UrlPolicy): string | null {
  if (policy.allowedHosts.includes(host.toLowerCase())) return null;
  return isPrivateAddress(address) ? `"${host}" resolves to the private address ${address}` : null;
}
