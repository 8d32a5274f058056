// Whether a destination URL may be posted to: https (or http when allowed), and no literal
// loopback, private, link-local, CGNAT, multicast or unspecified address unless the host is on the
// configured allow list. Pure: the caller resolves names and checks every resolved address too.
const IPV4_BLOCKED: readonly [string, number][] = [
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
];

function ipv4ToInt(address: string): number | null {
  const parts = address.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

function inIpv4Range(address: number, [net, prefix]: [string, number]): boolean {
  const size = 2 ** (32 - prefix);
  return Math.floor(address / size) === Math.floor((ipv4ToInt(net) as number) / size);
}

/** The 8 16-bit groups of an IPv6 address (with an embedded IPv4 tail), or null when it is not one. */
function ipv6Groups(address: string): number[] | null {
  if (!address.includes(':') || !/^[0-9a-f:.]+$/i.test(address)) return null;
  let text = address;
  const tail = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const v4 = ipv4ToInt(tail[1]);
    if (v4 === null) return null;
    text = `${text.slice(0, tail.index)}:${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (h: string) =>
    h === '' ? [] : h.split(':').map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : NaN));
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  const fill = 8 - head.length - rest.length;
  if ((halves.length === 1 && fill !== 0) || fill < 0) return null;
  const groups = [...head, ...new Array(halves.length === 2 ? fill : 0).fill(0), ...rest];
  return groups.some(Number.isNaN) ? null : groups;
}

/** True for an address no alert may be sent to without an explicit allow-list entry. */
export function isPrivateAddress(address: string): boolean {
  const v4 = ipv4ToInt(address);
  if (v4 !== null) return IPV4_BLOCKED.some((range) => inIpv4Range(v4, range));
  const g = ipv6Groups(address);
  if (!g) return false;
  const allZeroBefore = (n: number) => g.slice(0, n).every((x) => x === 0);
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible addresses are judged by their IPv4 part.
  if (allZeroBefore(5) && (g[5] === 0xffff || g[5] === 0) && !(g[5] === 0 && g[6] === 0)) {
    return isPrivateAddress(`${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}`);
  }
  if (allZeroBefore(7) && (g[7] === 0 || g[7] === 1)) return true; // :: and ::1
  if ((g[0] & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((g[0] & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  return (g[0] & 0xff00) === 0xff00; // ff00::/8 multicast
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
