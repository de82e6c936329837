/**
 * Hand-written DER for the few fixed X.509 pieces the CA writes on every issuance (issue 14 §4: asn1-schema's
 * reflective serialiser was a third of the CPU per key update). Each writer follows X.690 §8 (BER) with the DER
 * restrictions of X.690 §10–§11; the property tests compare them with @peculiar/asn1-schema byte for byte.
 */
import { derTlv } from '../../shared/cmp';

/** X.690 §8.3: INTEGER in the fewest two's-complement octets (here: safe integers, e.g. version, certReqId). */
export function derInteger(value: number): Uint8Array {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
  const bytes: number[] = [];
  let rest = BigInt(value);
  do {
    bytes.unshift(Number(rest & 0xffn));
    rest >>= 8n;
  } while (!(rest === 0n && (bytes[0]! & 0x80) === 0) && !(rest === -1n && (bytes[0]! & 0x80) !== 0));
  return derTlv(0x02, new Uint8Array(bytes));
}

/** X.690 §8.19: OBJECT IDENTIFIER from its dotted form (first two arcs in one subidentifier, base-128 groups). */
export function derOid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map((arc) => BigInt(arc));
  if (arcs.length < 2 || arcs[0]! > 2n || (arcs[0]! < 2n && arcs[1]! > 39n)) throw new RangeError(`not an OID: ${dotted}`);
  const bytes: number[] = [];
  for (const arc of [arcs[0]! * 40n + arcs[1]!, ...arcs.slice(2)]) {
    const group: number[] = [Number(arc & 0x7fn)];
    for (let rest = arc >> 7n; rest > 0n; rest >>= 7n) group.unshift(Number(rest & 0x7fn) | 0x80);
    bytes.push(...group);
  }
  return derTlv(0x06, new Uint8Array(bytes));
}

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * RFC 5280 §4.1.2.5: UTCTime (YYMMDDHHMMSSZ) through 2049, GeneralizedTime (YYYYMMDDHHMMSSZ) from 2050; both to
 * the second, in UTC (§4.1.2.5.1–.2: no fractional seconds).
 */
export function derTime(date: Date): Uint8Array {
  const year = date.getUTCFullYear();
  const rest = `${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`;
  if (year < 2050) return derTlv(0x17, new TextEncoder().encode(`${two(year % 100)}${rest}`));
  return derTlv(0x18, new TextEncoder().encode(`${String(year).padStart(4, '0')}${rest}`));
}

/** X.690 §11.1: TRUE is FF. */
export const DER_TRUE = new Uint8Array([0x01, 0x01, 0xff]);

/** BIT STRING with no unused bits (X.690 §8.6.2.2: the first content octet counts them). */
export function derBitString(bytes: Uint8Array): Uint8Array {
  const content = new Uint8Array(bytes.length + 1);
  content.set(bytes, 1);
  return derTlv(0x03, content);
}
