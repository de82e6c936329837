/**
 * EF.ODF (ISO 7816-15 §8.7, PKCS#15 v1.1 §6.9): which directory files exist. Each entry is a PKCS15Objects
 * choice whose context tag says the kind ([0] private keys, [4] certificates, [8] authentication objects…) and
 * which explicitly wraps PathOrObjects; this profile follows the Path form (what every card we know uses).
 */
import { Pkcs15Path } from './asn1';
import { contentsOf, splitDerElements } from './der-elements';
import { objectPath, type ObjectPath } from './paths';
import { parseSchema } from './schema-parse';

/** Context-specific constructed tags of PKCS15Objects (X.690 §8.1.2: class 10, constructed). */
const ODF_TAG = {
  PRIVATE_KEYS: 0xa0,
  CERTIFICATES: 0xa4,
  TRUSTED_CERTIFICATES: 0xa5,
  USEFUL_CERTIFICATES: 0xa6,
  AUTH_OBJECTS: 0xa8,
} as const;

/** PathOrObjects' path choice is a bare SEQUENCE; [0]..[2] carry the objects inline, which we do not follow. */
const SEQUENCE = 0x30;

export interface Odf {
  readonly privateKeys: readonly ObjectPath[];
  /** The holder's certificates ([4]); trusted and useful certificates ([5], [6]) are CA certificates. */
  readonly certificates: readonly ObjectPath[];
  readonly authObjects: readonly ObjectPath[];
}

export function parseOdf(bytes: Uint8Array): Odf {
  const found = { privateKeys: [] as ObjectPath[], certificates: [] as ObjectPath[], authObjects: [] as ObjectPath[] };
  splitDerElements(bytes, 'EF.ODF').forEach((element, i) => {
    const context = `EF.ODF entry ${i + 1}`;
    const list =
      element.tag === ODF_TAG.PRIVATE_KEYS ? found.privateKeys
      : element.tag === ODF_TAG.CERTIFICATES ? found.certificates
      : element.tag === ODF_TAG.AUTH_OBJECTS ? found.authObjects
      : null;
    if (!list) return; // public keys, secret keys, data objects, CA certificates: not what this profile lists
    const inner = contentsOf(element, context);
    if (inner[0] !== SEQUENCE) return;
    list.push(objectPath(parseSchema(inner, Pkcs15Path, context), context));
  });
  return found;
}
