// Which addresses an outbound request made on a user's behalf (a deployment's metrics URL, an alert
// destination) may reach: the one place TokenMeter decides it. Private, loopback, link-local (where
// clouds serve instance metadata and credentials), unspecified, multicast and other special ranges
// are refused unless the operator listed them; the public internet is allowed. Addresses are read
// and classified by ipaddr.js (the parser Express's `trust proxy` uses), which also reads IPv4 in
// the forms a URL or resolver may write it (`::ffff:a.b.c.d`, `2130706433`, `0x7f.0.0.1`).
// Pure: callers resolve names themselves and check every address they would connect to.
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** A network: an address and how many leading bits of it count. */
export type Network = [Address, number];

/** Networks an operator allows besides the public internet. */
export type AllowedNetworks = readonly Network[];

export type AddressClass =
  | 'public'
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'unspecified'
  | 'multicast'
  | 'reserved'
  | 'not-an-address';

/** ipaddr.js's range names (IETF special-purpose registries) in the words of the refusals. */
const RANGE_CLASS: Record<string, AddressClass> = {
  unicast: 'public',
  private: 'private',
  carrierGradeNat: 'private',
  uniqueLocal: 'private', // fc00::/7, includes fd00:ec2::254 (AWS metadata over IPv6)
  loopback: 'loopback',
  linkLocal: 'link-local', // 169.254.169.254: cloud instance metadata
  unspecified: 'unspecified',
  multicast: 'multicast',
  broadcast: 'reserved',
  reserved: 'reserved',
  // IPv6 forms that carry an IPv4 address, private ones included.
  rfc6052: 'reserved', // NAT64 64:ff9b::/96
  rfc6145: 'reserved',
  '6to4': 'reserved',
  teredo: 'reserved',
};

/** Special ranges ipaddr.js 1.x counts as unicast. */
const MORE_RESERVED: readonly Network[] = [
  '198.18.0.0/15', // benchmarking
  '::/96', // IPv4-compatible IPv6 (deprecated): ::a.b.c.d reaches a.b.c.d
  '100::/64', // discard
  'fec0::/10', // site-local (deprecated)
].map((cidr) => ipaddr.parseCIDR(cidr) as Network);

/** The address in `text` (brackets and an IPv6 zone allowed), IPv4-mapped IPv6 read as IPv4; null if none. */
function parseAddress(text: string): Address | null {
  const bare = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  return ipaddr.isValid(bare) ? ipaddr.process(bare) : null;
}

function inNetwork(address: Address, [network, prefix]: Network): boolean {
  // ipaddr.js's match() takes a network of the address's own kind only.
  return address.kind() === network.kind() && (address as ipaddr.IPv4).match(network as ipaddr.IPv4, prefix);
}

function classOf(address: Address): AddressClass {
  const kind = RANGE_CLASS[address.range()] ?? 'reserved';
  if (kind === 'public' && MORE_RESERVED.some((network) => inNetwork(address, network))) return 'reserved';
  return kind;
}

export function addressClass(address: string): AddressClass {
  const parsed = parseAddress(address);
  return parsed === null ? 'not-an-address' : classOf(parsed);
}

/** True for an address a request on a user's behalf may not reach unless the operator allowed it. */
export function isNonPublicAddress(address: string): boolean {
  const kind = addressClass(address);
  return kind !== 'public' && kind !== 'not-an-address';
}

/** Comma-separated addresses or CIDR blocks (`10.0.0.0/8, fd00::/8, 192.168.1.5`). */
export function parseAllowedNetworks(text: string): { ok: true; list: AllowedNetworks } | { ok: false; error: string } {
  const list: Network[] = [];
  for (const entry of text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const network = parseNetwork(entry);
    if (network === null)
      return { ok: false, error: `expected an address or CIDR block such as 10.0.0.0/8, got "${entry}"` };
    list.push(network);
  }
  return { ok: true, list };
}

function parseNetwork(entry: string): Network | null {
  const [address, prefixText, ...rest] = entry.split('/');
  const parsed = parseAddress(address ?? '');
  if (parsed === null || rest.length > 0 || (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText))) return null;
  const written = ipaddr.parse(address!.replace(/^\[|\]$/g, ''));
  const max = written.kind() === 'ipv4' ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return null;
  // A block written as ::ffff:a.b.c.d/n is the IPv4 block a.b.c.d/(n − 96).
  if (written.kind() === 'ipv6' && parsed.kind() === 'ipv4') return prefix < 96 ? null : [parsed, prefix - 96];
  return [parsed, prefix];
}

/**
 * Why an outbound request may not connect to `address`, or null when it may: public addresses
 * always, others only inside `allowed` (the operator's list).
 */
export function outboundAddressRefusal(address: string, allowed: AllowedNetworks = []): string | null {
  const parsed = parseAddress(address);
  if (parsed === null) return `"${address}" is not an IP address`;
  const kind = classOf(parsed);
  if (kind === 'public' || allowed.some((network) => inNetwork(parsed, network))) return null;
  return `${parsed.toString()} is a ${kind} address; allow its network in the configuration to reach it`;
}
