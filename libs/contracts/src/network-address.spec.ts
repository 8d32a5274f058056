import { describe, expect, it } from 'vitest';
import { addressClass, isNonPublicAddress, outboundAddressRefusal, parseAllowedNetworks } from './network-address';
import { redactUrlCredentials } from './url-credentials';

describe('outbound address checks', () => {
  it('tells public addresses from private, loopback, link-local (metadata) and reserved ones', () => {
    expect(addressClass('8.8.8.8')).toBe('public');
    expect(addressClass('2606:4700::1111')).toBe('public');
    expect(addressClass('169.254.169.254')).toBe('link-local');
    expect(addressClass('fd00:ec2::254')).toBe('private');
    expect(addressClass('127.0.0.1')).toBe('loopback');
    expect(addressClass('[::1]')).toBe('loopback');
    expect(addressClass('::ffff:10.1.2.3')).toBe('private');
    expect(addressClass('::ffff:169.254.169.254')).toBe('link-local');
    expect(addressClass('0.0.0.0')).toBe('unspecified');
    expect(addressClass('192.168.1.1')).toBe('private');
    expect(addressClass('fe80::1')).toBe('link-local');
    expect(addressClass('metadata.google.internal')).toBe('not-an-address');
  });

  // The alert destinations' cases (libs/finops destination-url-check.ts uses this module).
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:a9fe:a9fe',
    // Other ways to write an internal IPv4 address, and ranges that lead to one.
    '2130706433',
    '0x7f.0.0.1',
    '::7f00:1',
    '64:ff9b::a00:1',
    '2002:a00:1::',
    '198.18.0.1',
    '255.255.255.255',
    '224.0.0.1',
  ])('treats %s as not public', (address) => expect(isNonPublicAddress(address)).toBe(true));

  it.each(['8.8.8.8', '172.32.0.1', '2606:4700::1111', 'example.com'])(
    'treats %s as public or not an address',
    (address) => expect(isNonPublicAddress(address)).toBe(false),
  );

  it('refuses a non-public address unless its network is allowed', () => {
    expect(outboundAddressRefusal('8.8.8.8')).toBeNull();
    expect(outboundAddressRefusal('10.0.0.9')).toMatch(/10\.0\.0\.9 is a private address/);
    const allowed = parseAllowedNetworks('10.0.0.0/8, ::1');
    if (!allowed.ok) throw new Error(allowed.error);
    expect(outboundAddressRefusal('10.0.0.9', allowed.list)).toBeNull();
    expect(outboundAddressRefusal('::1', allowed.list)).toBeNull();
    expect(outboundAddressRefusal('169.254.169.254', allowed.list)).toMatch(/link-local/);
    expect(parseAllowedNetworks('10.0.0.0/33')).toMatchObject({ ok: false });
    expect(parseAllowedNetworks('example.com')).toMatchObject({ ok: false });
    expect(parseAllowedNetworks('')).toMatchObject({ ok: true });
    expect(parseAllowedNetworks('10.0.0.0/8/8')).toMatchObject({ ok: false });
    // An IPv4 block written IPv4-mapped is that IPv4 block.
    const mapped = parseAllowedNetworks('::ffff:10.0.0.0/104');
    if (!mapped.ok) throw new Error(mapped.error);
    expect(outboundAddressRefusal('10.9.9.9', mapped.list)).toBeNull();
    expect(outboundAddressRefusal('11.0.0.1', mapped.list)).toBeNull();
    expect(outboundAddressRefusal('172.16.0.1', mapped.list)).toMatch(/172\.16\.0\.1 is a private address/);
    expect(outboundAddressRefusal('::ffff:169.254.169.254')).toMatch(/^169\.254\.169\.254 is a link-local address/);
    expect(outboundAddressRefusal('metadata.google.internal')).toMatch(/not an IP address/);
  });
});

describe('redactUrlCredentials', () => {
  it('hides user and password of every URL in a text, and leaves other URLs alone', () => {
    expect(redactUrlCredentials('GET http://scraper:s3cret@10.0.0.9:8000/metrics failed')).toBe(
      'GET http://***@10.0.0.9:8000/metrics failed',
    );
    expect(redactUrlCredentials('https://token@host/x and http://plain/y')).toBe(
      'https://***@host/x and http://plain/y',
    );
    expect(redactUrlCredentials('mail me at a@b.c')).toBe('mail me at a@b.c');
  });
});
