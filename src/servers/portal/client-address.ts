/**
 * The client address behind a configured reverse proxy (issue 14 §4, review M5). Each proxy appends the address
 * of the peer it heard from to X-Forwarded-For, so the list is read from the right: start at the socket peer,
 * and while the current address is one of our trusted proxies, step to the address it reported. The first
 * untrusted address is the client; whatever lies further left was written by the client and is never read
 * (the rule of RFC 7239 §7.5 for Forwarded, applied to its de-facto predecessor). Without trusted proxies the
 * header is ignored and the socket peer is the client.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** `--trust-proxy` entries: addresses or CIDR blocks, IPv4 or IPv6. */
export class TrustedProxies {
  private readonly list = new BlockList();

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const [address = '', bits, ...rest] = entry.trim().split('/');
      const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : null;
      const max = family === 'ipv4' ? 32 : 128;
      const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : -1;
      if (!family || rest.length > 0 || prefix < 0 || prefix > max) {
        throw new Error(`--trust-proxy: "${entry}" is not an IP address or a CIDR block (e.g. 10.0.0.0/8, 2001:db8::/32)`);
      }
      this.list.addSubnet(address, prefix, family);
    }
  }

  has(address: string): boolean {
    return this.list.check(address, isIPv4(address) ? 'ipv4' : 'ipv6');
  }
}

/**
 * One X-Forwarded-For entry as a plain address: IPv4, IPv6 (brackets, port and zone dropped, IPv4-mapped IPv6
 * shown as IPv4), or null when it is none of these ("unknown", a hostname, garbage).
 */
export function parseForwardedAddress(entry: string): string | null {
  let text = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  else if (/^[\d.]+:\d{1,5}$/.test(text)) text = text.slice(0, text.indexOf(':'));
  const zone = text.indexOf('%');
  if (zone > 0 && text.includes(':')) text = text.slice(0, zone);
  if (isIPv4(text)) return text;
  if (!isIPv6(text)) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text);
  return mapped && isIPv4(mapped[1]!) ? mapped[1]! : text.toLowerCase();
}

/** X-Forwarded-For as a list, left to right; unreadable entries are null. Several headers are one list. */
export function parseForwardedFor(header: string | readonly string[] | undefined): (string | null)[] {
  if (header === undefined) return [];
  const text = typeof header === 'string' ? header : header.join(',');
  if (text.trim() === '') return [];
  return text.split(',').map(parseForwardedAddress);
}

/**
 * The client's address: the socket peer when no proxy is trusted; otherwise the first untrusted hop counting
 * from the right. An unreadable entry a trusted proxy passed on stops the walk at that proxy.
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | readonly string[] | undefined,
  trusted: TrustedProxies | null): string {
  let current = parseForwardedAddress(socketAddress ?? '') ?? 'unknown';
  if (!trusted) return current;
  const hops = parseForwardedFor(forwardedFor);
  for (let i = hops.length - 1; i >= 0 && current !== 'unknown' && trusted.has(current); i--) {
    const hop = hops[i];
    if (hop === null || hop === undefined) return current;
    current = hop;
  }
  return current;
}

/** Expands an IPv6 address to its eight 16-bit groups (RFC 4291 §2.2 text forms, embedded IPv4 included). */
function ipv6Groups(address: string): number[] {
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const part = (s: string | undefined): number[] => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const left = part(head);
  const right = part(tail);
  return tail === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * The rate-limit bucket of an address: the IPv4 address itself; for IPv6 its /64, the smallest block a network
 * hands to one subscriber (RFC 6177 §2), so one host cannot take a fresh address per request.
 */
export function rateLimitKey(address: string): string {
  if (!isIPv6(address)) return address;
  return `${ipv6Groups(address).slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}
