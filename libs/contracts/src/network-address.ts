// Which addresses an outbound request made on a user's behalf (a deployment's metrics URL, an alert
// webhook) may reach. Private, loopback, link-local (where clouds serve instance metadata and
// credentials), unspecified, multicast and other reserved ranges are refused unless the operator
// listed them; the public internet is allowed. Pure: callers resolve names themselves and check
// every address they would connect to.
import { BlockList, isIP } from 'node:net';

export type AddressClass =
  | 'public'
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'unspecified'
  | 'multicast'
  | 'reserved'
  | 'not-an-address';

const RANGES: [AddressClass, string, number, 'ipv4' | 'ipv6'][] = [
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['private', '100.64.0.0', 10, 'ipv4'], // carrier-grade NAT
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['link-local', '169.254.0.0', 16, 'ipv4'], // 169.254.169.254: cloud instance metadata
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['reserved', '192.0.0.0', 24, 'ipv4'],
  ['reserved', '192.0.2.0', 24, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  ['reserved', '198.18.0.0', 15, 'ipv4'],
  ['reserved', '198.51.100.0', 24, 'ipv4'],
  ['reserved', '203.0.113.0', 24, 'ipv4'],
  ['multicast', '224.0.0.0', 4, 'ipv4'],
  ['reserved', '240.0.0.0', 4, 'ipv4'], // includes 255.255.255.255
  ['unspecified', '::', 128, 'ipv6'],
  ['loopback', '::1', 128, 'ipv6'],
  ['reserved', '64:ff9b::', 96, 'ipv6'], // NAT64: reaches IPv4 addresses, private ones included
  ['reserved', '100::', 64, 'ipv6'],
  ['reserved', '2001:db8::', 32, 'ipv6'],
  ['private', 'fc00::', 7, 'ipv6'], // unique local, includes fd00:ec2::254 (AWS metadata over IPv6)
  ['link-local', 'fe80::', 10, 'ipv6'],
  ['reserved', 'fec0::', 10, 'ipv6'],
  ['multicast', 'ff00::', 8, 'ipv6'],
];

const LISTS = new Map<AddressClass, BlockList>();
for (const [kind, network, prefix, family] of RANGES) {
  const list = LISTS.get(kind) ?? new BlockList();
  list.addSubnet(network, prefix, family);
  LISTS.set(kind, list);
}

/** `::ffff:10.0.0.1` is 10.0.0.1: an IPv4-mapped IPv6 address is judged as the IPv4 address it is. */
function unmapped(address: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match ? match[1]! : address;
}

export function addressClass(address: string): AddressClass {
  const ip = unmapped(address.replace(/^\[|\]$/g, ''));
  const family = isIP(ip);
  if (family === 0) return 'not-an-address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [kind, list] of LISTS) if (list.check(ip, type)) return kind;
  return 'public';
}

/** Comma-separated addresses or CIDR blocks (`10.0.0.0/8, fd00::/8, 192.168.1.5`) as a BlockList. */
export function parseAllowedNetworks(text: string): { ok: true; list: BlockList } | { ok: false; error: string } {
  const list = new BlockList();
  for (const entry of text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [network, prefixText] = entry.split('/');
    const ip = unmapped(network ?? '');
    const family = isIP(ip);
    const max = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > max)
      return { ok: false, error: `expected an address or CIDR block such as 10.0.0.0/8, got "${entry}"` };
    list.addSubnet(ip, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return { ok: true, list };
}

/**
 * Why an outbound request may not connect to `address`, or null when it may: public addresses
 * always, others only inside `allowed` (the operator's list).
 */
export function outboundAddressRefusal(address: string, allowed?: BlockList): string | null {
  const kind = addressClass(address);
  if (kind === 'public') return null;
  if (kind === 'not-an-address') return `"${address}" is not an IP address`;
  const ip = unmapped(address.replace(/^\[|\]$/g, ''));
  if (allowed?.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6')) return null;
  return `${ip} is a ${kind} address; allow its network in the configuration to reach it`;
}
