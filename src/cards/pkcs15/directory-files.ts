/**
 * The directory files an ODF points at (ISO 7816-15 §8.4, §8.6, §8.8): private keys (PrKDF), certificates
 * (CDF) and authentication objects (AODF), decoded into plain records. Choices this profile does not use
 * (CV or attribute certificates, biometric or key-based authentication) are skipped, not errors.
 */
import type { BitString } from '@peculiar/asn1-schema';
import { PinObject, Pkcs15Path, PrivateKeyChoice, X509CertificateObject, type PrivateKeyObject } from './asn1';
import { contentsOf, splitDerElements } from './der-elements';
import { Pkcs15DataError } from './errors';
import { objectPath, type ObjectPath } from './paths';
import { hexOf, parseSchema } from './schema-parse';

export interface PrivateKeyInfo {
  readonly label: string | null;
  /** iD as hex: the certificate with the same iD belongs to this key (§8.4.1). */
  readonly id: string;
  /** KeyUsageFlags as bits: bit n of the BIT STRING is 1 << n. */
  readonly usage: number;
  readonly keyReference: number | null;
  /** authId (hex) of the PIN that guards the key. */
  readonly authId: string | null;
}

export type CertificateValue =
  | { readonly kind: 'path'; readonly where: ObjectPath }
  | { readonly kind: 'direct'; readonly der: Uint8Array };

export interface CertificateInfo {
  readonly label: string | null;
  readonly id: string;
  readonly authority: boolean;
  readonly value: CertificateValue;
}

export interface PinInfo {
  readonly label: string | null;
  readonly authId: string | null;
  /** PinFlags as bits (PIN_FLAG). */
  readonly flags: number;
  readonly pinType: number;
  readonly minLength: number;
  readonly storedLength: number;
  readonly maxLength: number | null;
  /** P2 of VERIFY / CHANGE REFERENCE DATA (§8.8.2 pinReference, DEFAULT 0). */
  readonly reference: number;
  readonly padChar: number | null;
}

/** X.690 §8.1.2: the untagged SEQUENCE choice (x509Certificate; pin) versus [n] context-tagged choices. */
const SEQUENCE = 0x30;
/** The highest named bit kept (a JavaScript bit operation holds 31 bits). */
const MAX_NAMED_BIT = 30;
/** ObjectValue's direct choice: [0] wraps the value itself (§8.2.3). */
const DIRECT_VALUE = 0xa0;

/** INTEGERs this profile uses fit a byte (PIN lengths, P2 references) or a 16-bit key reference. */
function smallInt(value: unknown, max: number, context: string, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new Pkcs15DataError(context, `${field} ${String(value)} is outside 0..${max}`);
  }
  return value;
}

/**
 * Named bits as a number, bit n (X.680 §22: the n-th bit from the first octet's high bit) as 1 << n. Bits
 * past 30 name nothing this profile reads and are dropped; an empty BIT STRING is no bits (0).
 */
function bitsOf(bits: BitString | undefined): number {
  if (!bits) return 0;
  const octets = new Uint8Array(bits.value);
  const count = Math.min(octets.length * 8 - bits.unusedBits, MAX_NAMED_BIT + 1);
  let out = 0;
  for (let n = 0; n < count; n++) if (octets[n >> 3]! & (0x80 >> (n & 7))) out |= 1 << n;
  return out;
}

function keyOf(choice: PrivateKeyChoice): PrivateKeyObject | undefined {
  return choice.rsa ?? choice.ec ?? choice.dh ?? choice.dsa ?? choice.kea;
}

export function parsePrkdf(bytes: Uint8Array): PrivateKeyInfo[] {
  return splitDerElements(bytes, 'EF.PrKDF').map((element, i) => {
    const context = `EF.PrKDF entry ${i + 1}`;
    const key = keyOf(parseSchema(element.bytes, PrivateKeyChoice, context));
    if (!key) throw new Pkcs15DataError(context, 'no private key choice');
    return {
      label: key.common.label ?? null,
      id: hexOf(key.key.iD),
      usage: bitsOf(key.key.usage),
      keyReference: key.key.keyReference === undefined ? null : smallInt(key.key.keyReference, 0xffff, context, 'keyReference'),
      authId: key.common.authId ? hexOf(key.common.authId) : null,
    };
  });
}

function certificateValue(raw: ArrayBuffer, context: string): CertificateValue {
  const bytes = new Uint8Array(raw);
  if (bytes[0] === SEQUENCE) return { kind: 'path', where: objectPath(parseSchema(bytes, Pkcs15Path, context), context) };
  if (bytes[0] === DIRECT_VALUE) return { kind: 'direct', der: contentsOf({ tag: DIRECT_VALUE, bytes }, context).slice() };
  throw new Pkcs15DataError(context, `certificate value of tag ${bytes[0]?.toString(16) ?? 'none'} (URL or protected values are not read)`);
}

export function parseCdf(bytes: Uint8Array): CertificateInfo[] {
  return splitDerElements(bytes, 'EF.CDF').flatMap((element, i) => {
    if (element.tag !== SEQUENCE) return [];
    const context = `EF.CDF entry ${i + 1}`;
    const cert = parseSchema(element.bytes, X509CertificateObject, context);
    return [{
      label: cert.common.label ?? null,
      id: hexOf(cert.certificate.iD),
      authority: cert.certificate.authority ?? false,
      value: certificateValue(cert.x509.value, context),
    }];
  });
}

export function parseAodf(bytes: Uint8Array): PinInfo[] {
  return splitDerElements(bytes, 'EF.AODF').flatMap((element, i) => {
    if (element.tag !== SEQUENCE) return [];
    const context = `EF.AODF entry ${i + 1}`;
    const { common, auth, pin } = parseSchema(element.bytes, PinObject, context);
    const padChar = pin.padChar ? new Uint8Array(pin.padChar) : null;
    if (padChar && padChar.length !== 1) throw new Pkcs15DataError(context, `padChar of ${padChar.length} bytes`);
    return [{
      label: common.label ?? null,
      authId: auth.authId ? hexOf(auth.authId) : null,
      flags: bitsOf(pin.pinFlags),
      pinType: smallInt(pin.pinType, 0xff, context, 'pinType'),
      minLength: smallInt(pin.minLength, 0xff, context, 'minLength'),
      storedLength: smallInt(pin.storedLength, 0xff, context, 'storedLength'),
      maxLength: pin.maxLength === undefined ? null : smallInt(pin.maxLength, 0xff, context, 'maxLength'),
      reference: smallInt(pin.pinReference ?? 0, 0xff, context, 'pinReference'),
      padChar: padChar ? padChar[0]! : null,
    }];
  });
}
