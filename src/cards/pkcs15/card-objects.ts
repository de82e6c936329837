/**
 * The PKCS#15 objects of one card, read once per session: the ODF says which directory files exist, and the
 * PrKDF, CDF and AODF list keys, certificates and PINs (ISO 7816-15 §8.7). A certificate belongs to the key
 * with the same iD (§8.4.1); the user PIN is the one that guards the keys (their authId), else the first PIN
 * that is neither an unblocking PIN nor the security officer's.
 */
import { PIN_FLAG } from './constants';
import { parseAodf, parseCdf, parsePrkdf, type CertificateInfo, type PinInfo, type PrivateKeyInfo } from './directory-files';
import type { CardFiles } from './files';
import type { Odf } from './odf';
import type { ObjectPath } from './paths';

export interface CardObjects {
  readonly privateKeys: readonly PrivateKeyInfo[];
  readonly certificates: readonly CertificateInfo[];
  readonly pins: readonly PinInfo[];
}

async function readAll<T>(files: CardFiles, paths: readonly ObjectPath[], name: string, parse: (bytes: Uint8Array) => T[]): Promise<T[]> {
  const out: T[] = [];
  for (const path of paths) out.push(...parse(await files.read(path, name)));
  return out;
}

export async function readCardObjects(files: CardFiles, odf: Odf): Promise<CardObjects> {
  return {
    privateKeys: await readAll(files, odf.privateKeys, 'EF.PrKDF', parsePrkdf),
    certificates: await readAll(files, odf.certificates, 'EF.CDF', parseCdf),
    pins: await readAll(files, odf.authObjects, 'EF.AODF', parseAodf),
  };
}

/** The PIN a holder types: the one guarding the keys, else the first ordinary PIN; null when the card has none. */
export function userPin(objects: CardObjects): PinInfo | null {
  const ordinary = objects.pins.filter((pin) => (pin.flags & ((1 << PIN_FLAG.UNBLOCKING_PIN) | (1 << PIN_FLAG.SO_PIN))) === 0);
  const guarding = objects.privateKeys.map((key) => key.authId).find((authId) => authId !== null);
  return ordinary.find((pin) => guarding !== undefined && pin.authId === guarding) ?? ordinary[0] ?? null;
}

export interface KeyWithCertificate {
  /** Opaque to the worker: the PrKDF keyReference, else a number past any 16-bit reference by PrKDF position. */
  readonly keyRef: number;
  readonly key: PrivateKeyInfo;
  readonly certificate: CertificateInfo;
}

/** Keys past the 16-bit keyReference range, so an index can never collide with a card's own reference. */
const UNREFERENCED_KEY_BASE = 0x10000;

/** The holder's certificates that have a private key on the card, in CDF order (CA certificates are not keys). */
export function keysWithCertificates(objects: CardObjects): KeyWithCertificate[] {
  return objects.certificates.flatMap((certificate) => {
    if (certificate.authority) return [];
    const index = objects.privateKeys.findIndex((key) => key.id === certificate.id);
    const key = objects.privateKeys[index];
    if (!key) return [];
    return [{ keyRef: key.keyReference ?? UNREFERENCED_KEY_BASE + index, key, certificate }];
  });
}
