/**
 * The X-Forwarded-For parser and the right-to-left client walk (issue 14 §4): byte-level cases, then fast-check
 * properties — the parser never throws and yields only real addresses; the client is never chosen by what the
 * client itself wrote; without trusted proxies the header is never read.
 */
import fc from 'fast-check';
import { isIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import { clientAddress, parseForwardedAddress, parseForwardedFor, rateLimitKey, TrustedProxies } from '../../src/servers/portal/client-address';

const RUNS = { numRuns: 10_000 };

describe('X-Forwarded-For entries', () => {
  it.each([
    ['203.0.113.5', '203.0.113.5'],
    [' 203.0.113.5 ', '203.0.113.5'],
    ['203.0.113.5:4711', '203.0.113.5'],
    ['2001:DB8::1', '2001:db8::1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['::ffff:198.51.100.7', '198.51.100.7'],
    ['unknown', null],
    ['proxy.example.cn', null],
    ['', null],
    ['1.2.3', null],
    ['[1.2.3.4]:80', '1.2.3.4'],
    ['2001:db8::1:443', '2001:db8::1:443'],
  ])('%j → %j', (entry, expected) => {
    expect(parseForwardedAddress(entry)).toBe(expected);
  });

  it('splits a header list and several headers into one list, left to right', () => {
    expect(parseForwardedFor('a, 10.0.0.1,2001:db8::2')).toEqual([null, '10.0.0.1', '2001:db8::2']);
    expect(parseForwardedFor(['10.0.0.1', '10.0.0.2, 10.0.0.3'])).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    expect(parseForwardedFor(undefined)).toEqual([]);
    expect(parseForwardedFor('  ')).toEqual([]);
  });

  it('keys IPv6 by /64 in one canonical spelling, IPv4 by the address', () => {
    expect(rateLimitKey('2001:db8:1:2::5')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKey('2001:0db8:0001:0002:ffff:0:0:1')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKey('::1')).toBe('0:0:0:0::/64');
    expect(rateLimitKey('64:ff9b::192.0.2.33')).toBe('64:ff9b:0:0::/64');
    expect(rateLimitKey('192.0.2.33')).toBe('192.0.2.33');
  });
});

describe('the client behind trusted proxies', () => {
  const proxies = new TrustedProxies(['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);

  it('walks right to left over trusted hops only', () => {
    expect(clientAddress('127.0.0.1', '198.51.100.1, 203.0.113.7, 10.1.2.3', proxies)).toBe('203.0.113.7');
    expect(clientAddress('203.0.113.9', '203.0.113.7', proxies)).toBe('203.0.113.9'); // socket not a proxy: header ignored
    expect(clientAddress('127.0.0.1', '10.0.0.5, 10.0.0.6', proxies)).toBe('10.0.0.5'); // all trusted: the leftmost
    expect(clientAddress('127.0.0.1', 'unknown, 10.0.0.6', proxies)).toBe('10.0.0.6'); // unreadable: stop at the proxy
    expect(clientAddress('::ffff:127.0.0.1', '203.0.113.7', proxies)).toBe('203.0.113.7');
    expect(clientAddress('127.0.0.1', undefined, proxies)).toBe('127.0.0.1');
    expect(clientAddress(undefined, '203.0.113.7', proxies)).toBe('unknown');
  });

  it('refuses entries that are neither an address nor a CIDR block', () => {
    for (const bad of ['proxy.local', '10.0.0.0/33', '10.0.0.0/8/1', '::/129', '10.0.0.0/x', '']) {
      expect(() => new TrustedProxies([bad]), bad).toThrow(/--trust-proxy/);
    }
  });
});

describe('properties', () => {
  const untrustedV4 = fc.ipV4().filter((a) => !a.startsWith('10.') && a !== '127.0.0.1');
  const trustedHop = fc.oneof(fc.constant('127.0.0.1'), fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map(([a, b, c]) => `10.${a}.${b}.${c}`));
  const proxies = new TrustedProxies(['127.0.0.1', '10.0.0.0/8']);

  it('never throws, and every entry it yields is a real IP address', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.array(fc.oneof(fc.ipV4(), fc.ipV6(), fc.string())).map((a) => a.join(','))), (header) => {
      for (const entry of parseForwardedFor(header)) expect(entry === null || isIP(entry) !== 0).toBe(true);
    }), RUNS);
  });

  it('reads back every address a proxy could write, in order', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.ipV4(), fc.ipV6()), { minLength: 1, maxLength: 8 }), (addresses) => {
      const parsed = parseForwardedFor(addresses.join(', '));
      expect(parsed).toHaveLength(addresses.length);
      parsed.forEach((entry) => expect(entry).not.toBeNull());
      parsed.forEach((entry, i) => {
        if (isIP(addresses[i]!) === 4) expect(entry).toBe(addresses[i]);
      });
    }), RUNS);
  });

  it('the client is the address the outermost trusted proxy heard, whatever the client wrote to its left', () => {
    fc.assert(fc.property(fc.array(fc.string()), untrustedV4, fc.array(trustedHop, { maxLength: 4 }), trustedHop,
      (forged, client, inner, socket) => {
        const header = [...forged.map((f) => f.replaceAll(',', ' ')), client, ...inner].join(', ');
        expect(clientAddress(socket, header, proxies)).toBe(client);
      }), RUNS);
  });

  it('without trusted proxies the header is never read', () => {
    fc.assert(fc.property(fc.string(), fc.ipV4(), (header, socket) => {
      expect(clientAddress(socket, header, null)).toBe(socket);
    }), RUNS);
  });

  it('an IPv6 rate-limit key depends only on the first 64 bits', () => {
    fc.assert(fc.property(fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 }), fc.array(fc.nat(0xffff), { minLength: 4, maxLength: 4 }),
      (groups, tail) => {
        const a = groups.map((g) => g.toString(16)).join(':');
        const b = [...groups.slice(0, 4), ...tail].map((g) => g.toString(16)).join(':');
        expect(rateLimitKey(a)).toBe(rateLimitKey(b));
        expect(rateLimitKey(a)).toBe(`${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`);
      }), RUNS);
  });
});
