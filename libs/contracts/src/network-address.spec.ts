import { describe, expect, it } from 'vitest';
import { addressClass, outboundAddressRefusal, parseAllowedNetworks } from './network-address';
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
