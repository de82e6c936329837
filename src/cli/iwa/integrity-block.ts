/**
 * Reads the integrity block that precedes a Signed Web Bundle (WICG webpackage "integrity block" v2, as written
 * by wbn-sign): CBOR [magic "🖋📦", version "2b\0\0", {webBundleId}, [[{ed25519PublicKey}, signature], …]],
 * and rebuilds the exact bytes each signature covers, so a verifier needs no signing library.
 */
import { readCborItem, type CborItem } from './cbor-reader';
import { IntegrityBlockError } from './iwa-errors';

export const INTEGRITY_BLOCK_MAGIC = Uint8Array.of(0xf0, 0x9f, 0x96, 0x8b, 0xf0, 0x9f, 0x93, 0xa6);
export const INTEGRITY_BLOCK_V2 = Uint8Array.of(0x32, 0x62, 0x00, 0x00);
/** CBOR: an empty array (RFC 8949 §3.1 major type 4, length 0). */
const EMPTY_ARRAY = 0x80;

export interface IntegritySignature {
  readonly ed25519PublicKey: Uint8Array;
  readonly signature: Uint8Array;
  /** The signature's attribute map exactly as encoded (it is part of the signed data). */
  readonly attributesCbor: Uint8Array;
}

export interface IntegrityBlock {
  readonly webBundleId: string;
  readonly signatures: readonly IntegritySignature[];
  /** The block as it was before any signature was added: what each signature covers. */
  readonly unsignedCbor: Uint8Array;
  /** Byte length of the block; the web bundle starts here. */
  readonly length: number;
}

const equal = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

function bytesOf(item: CborItem | undefined, what: string): Uint8Array {
  if (!(item?.value instanceof Uint8Array)) throw new IntegrityBlockError(`${what} is not a byte string`);
  return item.value;
}

function listOf(item: CborItem | undefined, what: string): readonly CborItem[] {
  if (!Array.isArray(item?.value)) throw new IntegrityBlockError(`${what} is not an array`);
  return item.value as readonly CborItem[];
}

function mapOf(item: CborItem | undefined, what: string): ReadonlyMap<string | number, CborItem> {
  if (!(item?.value instanceof Map)) throw new IntegrityBlockError(`${what} is not a map`);
  return item.value;
}

function signatureOf(bytes: Uint8Array, item: CborItem, index: number): IntegritySignature {
  const [attributes, signature] = listOf(item, `signature ${index}`);
  const key = bytesOf(mapOf(attributes, `signature ${index} attributes`).get('ed25519PublicKey'), `signature ${index} ed25519PublicKey`);
  if (key.length !== 32) throw new IntegrityBlockError(`signature ${index}: an Ed25519 public key has 32 bytes, not ${key.length}`);
  const sig = bytesOf(signature, `signature ${index} value`);
  if (sig.length !== 64) throw new IntegrityBlockError(`signature ${index}: an Ed25519 signature has 64 bytes, not ${sig.length}`);
  return { ed25519PublicKey: key, signature: sig, attributesCbor: bytes.slice(attributes!.start, attributes!.end) };
}

export function parseIntegrityBlock(bytes: Uint8Array): IntegrityBlock {
  const top = readCborItem(bytes);
  const parts = listOf(top, 'integrity block');
  if (parts.length !== 4) throw new IntegrityBlockError(`expected 4 top-level items, got ${parts.length}`);
  const [magic, version, attributes, stack] = parts as [CborItem, CborItem, CborItem, CborItem];
  if (!equal(bytesOf(magic, 'magic'), INTEGRITY_BLOCK_MAGIC)) throw new IntegrityBlockError('wrong magic');
  if (!equal(bytesOf(version, 'version'), INTEGRITY_BLOCK_V2)) throw new IntegrityBlockError('not an integrity block v2');
  const id = mapOf(attributes, 'attributes').get('webBundleId')?.value;
  if (typeof id !== 'string') throw new IntegrityBlockError('no webBundleId attribute');
  const signatures = listOf(stack, 'signature stack').map((item, i) => signatureOf(bytes, item, i));
  if (signatures.length === 0) throw new IntegrityBlockError('no signature');
  const unsignedCbor = new Uint8Array(stack.start + 1);
  unsignedCbor.set(bytes.subarray(0, stack.start));
  unsignedCbor[stack.start] = EMPTY_ARRAY;
  return { webBundleId: id, signatures, unsignedCbor, length: top.end };
}

/** Each part prefixed by its length as a 64-bit big-endian integer (wbn-sign generateDataToBeSigned). */
function lengthPrefixed(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + 8 + p.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const part of parts) {
    view.setBigUint64(at, BigInt(part.length));
    out.set(part, at + 8);
    at += 8 + part.length;
  }
  return out;
}

/** The bytes signature `index` covers: SHA-512 of the web bundle, the unsigned block, the signature's attributes. */
export function signedDataOf(block: IntegrityBlock, bundleSha512: Uint8Array, index = 0): Uint8Array {
  const signature = block.signatures[index];
  if (!signature) throw new IntegrityBlockError(`no signature ${index}`);
  return lengthPrefixed([bundleSha512, block.unsignedCbor, signature.attributesCbor]);
}
