/**
 * The PKCS#15 files of the emulated card, written from a plain description (ISO 7816-15 §7–8, PKCS#15 v1.1
 * §5–6): EF.DIR at 3F00/2F00, the application DF 5015 named by the PKCS#15 AID, and in it EF.ODF (5031),
 * EF.TokenInfo (5032), EF.AODF (4401), EF.PrKDF (4402), EF.CDF (4403) and one EF per certificate. The ODF
 * uses relative paths and ends in 00 padding; certificate paths are absolute — both forms a reader must follow.
 */
import { boolean, der, enumerated, integer, integerContents, namedBits, octetString, sequence, utf8String } from './der';
import type { CardFile, DedicatedFile } from './file-system';

export const PKCS15_AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x00, 0x63, 0x50, 0x4b, 0x43, 0x53, 0x2d, 0x31, 0x35);
export const FIDS = { MF: 0x3f00, DIR: 0x2f00, APP: 0x5015, ODF: 0x5031, TOKEN_INFO: 0x5032, AODF: 0x4401, PRKDF: 0x4402, CDF: 0x4403 } as const;

/** PKCS#15 v1.1 §6.2.5 KeyUsageFlags and §6.8.2 PinFlags bit numbers, the card's own copy. */
export const USAGE = { SIGN: 2, DECRYPT: 1, NON_REPUDIATION: 9 } as const;
const PIN_FLAGS = { CASE_SENSITIVE: 0, LOCAL: 1, INITIALIZED: 4, NEEDS_PADDING: 5 } as const;
const PIN_TYPE_ASCII_NUMERIC = 1;
/** CommonObjectFlags: private (0), modifiable (1). */
const OBJECT_FLAG = { PRIVATE: 0, MODIFIABLE: 1 } as const;

export interface CardKey {
  readonly label: string;
  readonly id: Uint8Array;
  readonly usage: readonly number[];
  readonly keyReference: number;
  /** The key's certificate, in its own EF under the application DF. */
  readonly certificateFid: number;
  readonly certificate: Uint8Array;
}

export interface CardLayout {
  readonly serial: Uint8Array;
  readonly label: string;
  readonly pin: { readonly label: string; readonly authId: number; readonly reference: number; readonly minLength: number; readonly storedLength: number; readonly padChar: number };
  readonly keys: readonly CardKey[];
  /** CA certificates on the card (authority = TRUE, no private key). */
  readonly authorities: readonly { readonly label: string; readonly id: Uint8Array; readonly fid: number; readonly certificate: Uint8Array }[];
  /** Leave out the DF name (the application then is found only at 3F00/5015). */
  readonly withoutAid?: boolean;
  /** Leave out EF.DIR. */
  readonly withoutDir?: boolean;
  /** Leave out EF.TokenInfo (mandatory in ISO 7816-15 §7.5, missing on some cards). */
  readonly withoutTokenInfo?: boolean;
}

const ef = (fid: number, data: Uint8Array): CardFile => ({ kind: 'ef', fid, data });
const fid2 = (...fids: number[]): Uint8Array => Uint8Array.from(fids.flatMap((f) => [f >> 8, f & 0xff]));
const path = (...fids: number[]): Uint8Array => sequence(octetString(fid2(...fids)));
const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));

function commonObject(label: string, flags: readonly number[], authId?: number): Uint8Array {
  return sequence(utf8String(label), namedBits(...flags), ...(authId === undefined ? [] : [octetString(Uint8Array.of(authId))]));
}

function aodf(layout: CardLayout): Uint8Array {
  const { pin } = layout;
  const attributes = sequence(
    namedBits(PIN_FLAGS.CASE_SENSITIVE, PIN_FLAGS.LOCAL, PIN_FLAGS.INITIALIZED, PIN_FLAGS.NEEDS_PADDING),
    enumerated(PIN_TYPE_ASCII_NUMERIC),
    integer(pin.minLength),
    integer(pin.storedLength),
    integer(pin.storedLength),
    der(0x80, integerContents(pin.reference)),
    octetString(Uint8Array.of(pin.padChar)),
  );
  return sequence(commonObject(pin.label, [OBJECT_FLAG.PRIVATE, OBJECT_FLAG.MODIFIABLE]), sequence(octetString(Uint8Array.of(pin.authId))), der(0xa1, attributes));
}

/** An EC private key entry: the [0] choice of PrivateKeyType, value = a path to the (unreadable) key file. */
function prkdf(layout: CardLayout): Uint8Array {
  return concat(...layout.keys.map((key, i) =>
    der(0xa0,
      commonObject(key.label, [OBJECT_FLAG.PRIVATE], layout.pin.authId),
      sequence(octetString(key.id), namedBits(...key.usage), boolean(true), integer(key.keyReference)),
      der(0xa1, sequence(path(FIDS.MF, FIDS.APP, 0x4b01 + i))),
    ),
  ));
}

function certificateEntry(label: string, id: Uint8Array, authority: boolean, fid: number): Uint8Array {
  return sequence(
    commonObject(label, []),
    sequence(octetString(id), ...(authority ? [boolean(true)] : [])),
    der(0xa1, sequence(path(FIDS.MF, FIDS.APP, fid))),
  );
}

function cdf(layout: CardLayout): Uint8Array {
  return concat(
    ...layout.keys.map((key) => certificateEntry(key.label, key.id, false, key.certificateFid)),
    ...layout.authorities.map((ca) => certificateEntry(ca.label, ca.id, true, ca.fid)),
  );
}

function odf(): Uint8Array {
  // PKCS15Objects [8] authObjects, [0] privateKeys, [4] certificates, each an explicit Path; then padding.
  return concat(der(0xa8, path(FIDS.AODF)), der(0xa0, path(FIDS.PRKDF)), der(0xa4, path(FIDS.CDF)), new Uint8Array(16));
}

function tokenInfo(layout: CardLayout): Uint8Array {
  // tokenflags: readonly (0).
  return sequence(integer(0), octetString(layout.serial), utf8String('UKey Assistant virtual card'), der(0x80, new TextEncoder().encode(layout.label)), namedBits(0));
}

function dir(): Uint8Array {
  return der(0x61, der(0x4f, PKCS15_AID), der(0x50, new TextEncoder().encode('PKCS#15')), der(0x51, fid2(FIDS.MF, FIDS.APP)));
}

export function buildFileTree(layout: CardLayout): DedicatedFile {
  const app: DedicatedFile = {
    kind: 'df',
    fid: FIDS.APP,
    name: layout.withoutAid ? null : PKCS15_AID,
    children: [
      ef(FIDS.ODF, odf()),
      ...(layout.withoutTokenInfo ? [] : [ef(FIDS.TOKEN_INFO, tokenInfo(layout))]),
      ef(FIDS.AODF, aodf(layout)),
      ef(FIDS.PRKDF, prkdf(layout)),
      ef(FIDS.CDF, cdf(layout)),
      ...layout.keys.map((key) => ef(key.certificateFid, key.certificate)),
      ...layout.authorities.map((ca) => ef(ca.fid, ca.certificate)),
    ],
  };
  return { kind: 'df', fid: FIDS.MF, name: null, children: [...(layout.withoutDir ? [] : [ef(FIDS.DIR, dir())]), app] };
}

/** The PIN as the card stores it: ASCII, padded with padChar to storedLength (the AODF's needs-padding flag). */
export function storedPin(layout: CardLayout, pin: string): Uint8Array {
  const out = new Uint8Array(layout.pin.storedLength).fill(layout.pin.padChar);
  out.set(new TextEncoder().encode(pin));
  return out;
}
