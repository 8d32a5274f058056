// Which addresses an outbound request made on a user's behalf (a deployment's metrics URL, an alert
// webhook) may reach. Private, loopback, link-local (where clouds serve instance metadata and
// credentials), unspecified, multicast and other reserved ranges are refused unless the operator
// listed them; the public internet is allowed. Pure: callers resolve names themselves and check
// every address they would connect to.

/** An IP address as its family and its bits (IPv4-mapped IPv6 addresses are read as IPv4). */
interface ParsedAddress {
  family: 4 | 6;
  bits: bigint;
}

/** A network: the first `prefix` bits of `bits`. */
export interface Network extends ParsedAddress {
  prefix: number;
}

/** Networks an operator allows besides the public internet. */
export type AllowedNetworks = readonly Network[];

function parseIpv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let bits = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255 || (part.length > 1 && part.startsWith('0'))) return null;
    bits = (bits << 8n) | BigInt(part);
  }
  return bits;
}

function parseIpv6(text: string): bigint | null {
  let head = text;
  let tailV4: bigint | null = null;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    tailV4 = parseIpv4(text.slice(lastColon + 1));
    if (tailV4 === null) return null;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string) => (half === '' ? [] : half.split(':'));
  const left = groups(halves[0]!);
  const right = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - left.length - right.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return null;
  const all = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  let bits = 0n;
  for (const group of all) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return null;
    bits = (bits << 16n) | BigInt(`0x${group}`);
  }
  if (tailV4 !== null) bits = (bits & ~0xffffffffn) | tailV4;
  return bits;
}

function parseAddress(text: string): ParsedAddress | null {
  const bare = text.replace(/^\[|\]$/g, '');
  const v4 = parseIpv4(bare);
  if (v4 !== null) return { family: 4, bits: v4 };
  const v6 = bare.includes(':') ? parseIpv6(bare.replace(/%.*$/, '')) : null;
  if (v6 === null) return null;
  // ::ffff:a.b.c.d is the IPv4 address a.b.c.d.
  if (v6 >> 32n === 0xffffn) return { family: 4, bits: v6 & 0xffffffffn };
  return { family: 6, bits: v6 };
}

function contains(network: Network, address: ParsedAddress): boolean {
  if (network.family !== address.family) return false;
  const width = BigInt(network.family === 4 ? 32 : 128);
  const shift = width - BigInt(network.prefix);
  return network.bits >> shift === address.bits >> shift;
}

function network(text: string, prefix: number): Network {
  const parsed = parseAddress(text)!;
  return { ...parsed, prefix };
}

export type AddressClass =
  | 'public'
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'unspecified'
  | 'multicast'
  | 'reserved'
  | 'not-an-address';

const RANGES: [AddressClass, string, number][] = [
  ['unspecified', '0.0.0.0', 8],
  ['private', '10.0.0.0', 8],
  ['private', '100.64.0.0', 10], // carrier-grade NAT
  ['loopback', '127.0.0.0', 8],
  ['link-local', '169.254.0.0', 16], // 169.254.169.254: cloud instance metadata
  ['private', '172.16.0.0', 12],
  ['reserved', '192.0.0.0', 24],
  ['reserved', '192.0.2.0', 24],
  ['private', '192.168.0.0', 16],
  ['reserved', '198.18.0.0', 15],
  ['reserved', '198.51.100.0', 24],
  ['reserved', '203.0.113.0', 24],
  ['multicast', '224.0.0.0', 4],
  ['reserved', '240.0.0.0', 4], // includes 255.255.255.255
  ['unspecified', '::', 128],
  ['loopback', '::1', 128],
  ['reserved', '64:ff9b::', 96], // NAT64: reaches IPv4 addresses, private ones included
  ['reserved', '100::', 64],
  ['reserved', '2001:db8::', 32],
  ['private', 'fc00::', 7], // unique local, includes fd00:ec2::254 (AWS metadata over IPv6)
  ['link-local', 'fe80::', 10],
  ['reserved', 'fec0::', 10],
  ['multicast', 'ff00::', 8],
];

const CLASSIFIED: [AddressClass, Network][] = RANGES.map(([kind, text, prefix]) => [kind, network(text, prefix)]);

export function addressClass(address: string): AddressClass {
  const parsed = parseAddress(address);
  if (parsed === null) return 'not-an-address';
  for (const [kind, range] of CLASSIFIED) if (contains(range, parsed)) return kind;
  return 'public';
}

/** Comma-separated addresses or CIDR blocks (`10.0.0.0/8, fd00::/8, 192.168.1.5`). */
export function parseAllowedNetworks(text: string): { ok: true; list: AllowedNetworks } | { ok: false; error: string } {
  const list: Network[] = [];
  for (const entry of text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [address, prefixText] = entry.split('/');
    const parsed = parseAddress(address ?? '');
    const max = parsed?.family === 4 ? 32 : 128;
    // A prefix written for ::ffff:a.b.c.d counts the 96 mapped bits too.
    const written = prefixText === undefined ? max : Number(prefixText);
    const prefix = parsed?.family === 4 && (address ?? '').includes(':') ? written - 96 : written;
    if (parsed === null || !/^\d*$/.test(prefixText ?? '') || !Number.isInteger(prefix) || prefix < 0 || prefix > max)
      return { ok: false, error: `expected an address or CIDR block such as 10.0.0.0/8, got "${entry}"` };
    list.push({ ...parsed, prefix });
  }
  return { ok: true, list };
}

/**
 * Why an outbound request may not connect to `address`, or null when it may: public addresses
 * always, others only inside `allowed` (the operator's list).
 */
export function outboundAddressRefusal(address: string, allowed: AllowedNetworks = []): string | null {
  const kind = addressClass(address);
  if (kind === 'public') return null;
  if (kind === 'not-an-address') return `"${address}" is not an IP address`;
  const parsed = parseAddress(address)!;
  if (allowed.some((range) => contains(range, parsed))) return null;
  const shown = address.replace(/^\[|\]$/g, '').replace(/^::ffff:(?=\d)/i, '');
  return `${shown} is a ${kind} address; allow its network in the configuration to reach it`;
}
