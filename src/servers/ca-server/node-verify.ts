/**
 * Signature checks of the CA's hot path on OpenSSL through node:crypto (issue 14 §4: the profile showed WebCrypto's
 * per-call import and algorithm normalisation among the CA's largest costs). ECDSA and RSA PKCS#1 v1.5 with
 * SHA-256/384/512 only — the algorithms our tokens and OpenSSL's client use; every other algorithm (SM2, RSA-PSS,
 * …) goes to the shared registry of src/shared/pki, whose verdicts these must equal (RFC 5758 §3.2, RFC 4055 §5).
 * Public keys are kept as KeyObjects for reuse: a token signs its kur and its certConf with one key.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { verifySignature, type SignedData } from '../../shared/pki';

/** Signature OID → digest and the SPKI key type it must come with. */
const NODE_ALGORITHMS: Readonly<Record<string, { readonly hash: string; readonly keyType: 'ec' | 'rsa' }>> = {
  '1.2.840.10045.4.3.2': { hash: 'sha256', keyType: 'ec' }, // ecdsa-with-SHA256
  '1.2.840.10045.4.3.3': { hash: 'sha384', keyType: 'ec' }, // ecdsa-with-SHA384
  '1.2.840.10045.4.3.4': { hash: 'sha512', keyType: 'ec' }, // ecdsa-with-SHA512
  '1.2.840.113549.1.1.11': { hash: 'sha256', keyType: 'rsa' }, // sha256WithRSAEncryption
  '1.2.840.113549.1.1.12': { hash: 'sha384', keyType: 'rsa' },
  '1.2.840.113549.1.1.13': { hash: 'sha512', keyType: 'rsa' },
};

/** The named curves the shared registry accepts for ECDSA (SM2 keys share the EC key type, never these OIDs). */
const EC_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1']);

/**
 * SPKI prefixes of uncompressed P-256 / P-384 points with the namedCurve parameter (RFC 5480 §2.1.1, §2.2) and the
 * key length they give: OpenSSL writes such a key back as exactly these bytes, so the export check is skipped.
 */
const CANONICAL_EC = [
  { prefix: Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex'), length: 91 },
  { prefix: Buffer.from('3076301006072a8648ce3d020106052b81040022036200', 'hex'), length: 120 },
];
const canonicalEc = (spki: Buffer): boolean =>
  CANONICAL_EC.some((form) => spki.length === form.length && spki[form.prefix.length] === 0x04 && spki.subarray(0, form.prefix.length).equals(form.prefix));

const MAX_KEYS = 4096;
const keys = new Map<string, KeyObject | null>();

function keyOf(spki: Uint8Array): KeyObject | null {
  const id = Buffer.from(spki).toString('base64');
  let key = keys.get(id);
  if (key === undefined) {
    try {
      const bytes = Buffer.from(spki);
      key = createPublicKey({ key: bytes, format: 'der', type: 'spki' });
      // OpenSSL reads some malformed keys leniently (e.g. odd RSA parameters); only a key it writes back byte for
      // byte is checked here, anything else by the shared registry, so the two never disagree on a key.
      if (!canonicalEc(bytes) && !bytes.equals(key.export({ format: 'der', type: 'spki' }))) key = null;
    } catch {
      key = null; // OpenSSL cannot read it: the shared registry decides
    }
    if (keys.size >= MAX_KEYS) keys.clear();
    keys.set(id, key);
  }
  return key;
}

/** The shared registry's verdict, from OpenSSL where it can give it. */
export async function verifyFast(data: SignedData, spki: Uint8Array): Promise<boolean> {
  const algorithm = NODE_ALGORITHMS[data.signatureAlgorithm.algorithm];
  const key = algorithm ? keyOf(spki) : null;
  const usable =
    algorithm && key && key.asymmetricKeyType === algorithm.keyType &&
    (algorithm.keyType === 'rsa' || EC_CURVES.has(key.asymmetricKeyDetails?.namedCurve ?? ''));
  if (!usable) return verifySignature(data, spki).catch(() => false);
  try {
    return verify(algorithm.hash, data.tbs, algorithm.keyType === 'ec' ? { key, dsaEncoding: 'der' } : key, data.signature);
  } catch {
    return false;
  }
}
