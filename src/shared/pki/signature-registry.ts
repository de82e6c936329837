/**
 * The one place that answers "does this signature verify with that key?" for certificates, CRLs and CSRs.
 * RSA PKCS#1 v1.5 and PSS (RFC 8017 §8) and ECDSA (FIPS 186-4) go to WebCrypto, present in browsers, workers
 * and Node; SM3withSM2 (GB/T 32918.2, GM/T 0009) goes to our SM2 code since WebCrypto has no SM2.
 * Families are registered by name so that another algorithm is a new entry, not a new branch in callers.
 */
import { DER } from '@noble/curves/abstract/weierstrass.js';
import { numberToBytesBE } from '@noble/curves/utils.js';
import { AsnConvert } from '@peculiar/asn1-schema';
import { RsaSaPssParams } from '@peculiar/asn1-rsa';
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { UnsupportedAlgorithmError } from './errors';
import { HASH_OIDS, OID, SIGNATURE_ALGORITHMS, type SignatureAlgorithmInfo } from './oids';
import { describePublicKey, parseSpki, sm2PointOf, type PublicKeyInfo } from './public-key';
import { SM2_DEFAULT_SIGNER_ID, sm2Verify, type SignerId } from './sm/sm2';

export interface SignedData {
  /** The exact bytes that were signed (tbsCertificate, tbsCertList, certificationRequestInfo). */
  readonly tbs: Uint8Array;
  readonly signatureAlgorithm: AlgorithmIdentifier;
  readonly signature: Uint8Array;
}

export interface VerifyOptions {
  /** SM2 signer ID (GM/T 0009 §10); default "1234567812345678". */
  readonly signerId?: SignerId;
}

interface VerifyRequest {
  readonly data: SignedData;
  readonly info: SignatureAlgorithmInfo;
  readonly spki: SubjectPublicKeyInfo;
  readonly spkiDer: Uint8Array;
  readonly key: PublicKeyInfo;
  readonly options: VerifyOptions;
}

type FamilyVerifier = (request: VerifyRequest) => Promise<boolean>;

const families = new Map<SignatureAlgorithmInfo['family'], FamilyVerifier>();

export function registerSignatureFamily(family: SignatureAlgorithmInfo['family'], verifier: FamilyVerifier): void {
  families.set(family, verifier);
}

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;
const buffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;

async function webCryptoVerify(
  spkiDer: Uint8Array,
  importAlgorithm: RsaHashedImportParams | EcKeyImportParams,
  verifyAlgorithm: AlgorithmIdentifier | RsaPssParams | EcdsaParams | string,
  signature: Uint8Array,
  tbs: Uint8Array,
): Promise<boolean> {
  let key: CryptoKey;
  try {
    key = await subtle().importKey('spki', buffer(spkiDer), importAlgorithm, false, ['verify']);
  } catch {
    return false; // a key WebCrypto refuses cannot have made a valid signature of this family
  }
  return subtle().verify(verifyAlgorithm as Algorithm, key, buffer(signature), buffer(tbs));
}

/** WebCrypto wants RSA keys as rsaEncryption even when the certificate labels them id-RSASSA-PSS. */
function asRsaEncryption(request: VerifyRequest): Uint8Array {
  if (request.spki.algorithm.algorithm === OID.rsaEncryption) return request.spkiDer;
  const plain = new SubjectPublicKeyInfo({
    algorithm: new AlgorithmIdentifier({ algorithm: OID.rsaEncryption, parameters: null }),
    subjectPublicKey: request.spki.subjectPublicKey,
  });
  return new Uint8Array(AsnConvert.serialize(plain));
}

registerSignatureFamily('rsa-pkcs1', async (request) => {
  if (request.key.kind !== 'RSA' || !request.info.hash) return false;
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: request.info.hash };
  return webCryptoVerify(asRsaEncryption(request), algorithm, algorithm.name, request.data.signature, request.data.tbs);
});

registerSignatureFamily('rsa-pss', async (request) => {
  if (request.key.kind !== 'RSA') return false;
  // RFC 4055 §3.1: absent parameters mean SHA-1, MGF1-SHA-1, salt 20.
  const raw = request.data.signatureAlgorithm.parameters;
  const params = raw ? AsnConvert.parse(raw, RsaSaPssParams) : new RsaSaPssParams();
  const hash = HASH_OIDS[params.hashAlgorithm.algorithm];
  if (!hash) throw new UnsupportedAlgorithmError(params.hashAlgorithm.algorithm, 'RSA-PSS hash is not supported');
  return webCryptoVerify(
    asRsaEncryption(request),
    { name: 'RSA-PSS', hash },
    { name: 'RSA-PSS', saltLength: params.saltLength },
    request.data.signature,
    request.data.tbs,
  );
});

registerSignatureFamily('ecdsa', async (request) => {
  const curve = request.key.curve;
  if (request.key.kind !== 'EC' || !request.info.hash || (curve !== 'P-256' && curve !== 'P-384' && curve !== 'P-521')) {
    return false;
  }
  // X.509 carries ECDSA-Sig-Value as DER (RFC 5480 §2.2 / RFC 3279 §2.2.3); WebCrypto wants r‖s (IEEE P1363).
  let raw: Uint8Array;
  try {
    const { r, s } = DER.toSig(request.data.signature);
    const size = Math.ceil(request.key.bits / 8);
    raw = new Uint8Array([...numberToBytesBE(r, size), ...numberToBytesBE(s, size)]);
  } catch {
    return false;
  }
  return webCryptoVerify(
    request.spkiDer,
    { name: 'ECDSA', namedCurve: curve },
    { name: 'ECDSA', hash: request.info.hash },
    raw,
    request.data.tbs,
  );
});

registerSignatureFamily('sm2', async (request) => {
  if (request.key.kind !== 'SM2') return false;
  const point = sm2PointOf(request.spki);
  return sm2Verify(request.data.signature, request.data.tbs, point, request.options.signerId ?? SM2_DEFAULT_SIGNER_ID);
});

/**
 * Verifies `data` with the key in `issuerSpki` (DER SubjectPublicKeyInfo). False when the signature is wrong or
 * does not fit the key; UnsupportedAlgorithmError when the algorithm is unknown (the answer would be a guess).
 */
export async function verifySignature(data: SignedData, issuerSpki: Uint8Array, options: VerifyOptions = {}): Promise<boolean> {
  const oid = data.signatureAlgorithm.algorithm;
  const info = SIGNATURE_ALGORITHMS[oid];
  const verifier = info ? families.get(info.family) : undefined;
  if (!info || !verifier) throw new UnsupportedAlgorithmError(oid, `signature algorithm ${oid} is not supported`);
  const spki = parseSpki(issuerSpki);
  return verifier({ data, info, spki, spkiDer: issuerSpki, key: describePublicKey(spki), options });
}

/** True when the registry can check this signature algorithm. */
export function isSupportedSignatureAlgorithm(oid: string): boolean {
  const info = SIGNATURE_ALGORITHMS[oid];
  return info !== undefined && families.has(info.family);
}
