/**
 * The signature over clientDataJSON (issue 9 §1): the alg must fit the certificate's key, the bytes must be
 * strictly encoded (ECDSA-Sig-Value / SM2 SEQUENCE{r, s} in DER with 1 ≤ r, s < n, RFC 3279 §2.2.3, GB/T 32918.2
 * §7.1 B1–B2; RSA exactly the modulus length, RFC 8017 §8.2.2 step 1), and the check itself goes through the
 * pki signature registry (WebCrypto for RSA/ECDSA, our SM2 with the default ID) — on Node first through
 * OpenSSL (node-signature-backend.ts), which this module installs into that registry.
 */
import { DER } from '@noble/curves/abstract/weierstrass.js';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { verifySignature, type ParsedCertificate } from '../../shared/pki';
import { MIN_RSA_BITS, SIGN_IN_ALG_INFO, type SignInAlg } from '../../shared/signin';
import { LoginVerificationError } from './errors';
import { installNodeSignatureBackend, verifyWithNode } from './node-signature-backend';

// The verifier runs on Node only (index.ts): every signature it meets — login, chain, CRL — goes through OpenSSL.
installNodeSignatureBackend();

/** Group orders (FIPS 186-4 D.1.2.3/D.1.2.4; GB/T 32918.5 §A). */
const ORDERS: Readonly<Record<'P-256' | 'P-384' | 'SM2', bigint>> = {
  'P-256': 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  'P-384': 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  SM2: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
};

/** alg agrees with the key: family, curve, and RSA size. */
export function checkAlgAgainstKey(alg: SignInAlg, cert: ParsedCertificate): void {
  const info = SIGN_IN_ALG_INFO[alg];
  const key = cert.publicKey;
  if (key.kind !== info.keyKind || (info.curve !== undefined && key.curve !== info.curve)) {
    throw new LoginVerificationError('ALG_MISMATCH', `${alg} does not fit a ${key.kind}${key.curve ? ` ${key.curve}` : ''} key`);
  }
  if (key.kind === 'RSA' && key.bits < MIN_RSA_BITS) {
    throw new LoginVerificationError('WEAK_KEY', `RSA-${key.bits} is below ${MIN_RSA_BITS} bits`);
  }
}

function checkEncoding(alg: SignInAlg, cert: ParsedCertificate, signature: Uint8Array): void {
  if (alg === 'RS256') {
    if (signature.length !== Math.ceil(cert.publicKey.bits / 8)) {
      throw new LoginVerificationError('SIGNATURE_MALFORMED', 'RSA signature length differs from the modulus length');
    }
    return;
  }
  const order = ORDERS[alg === 'SM2SM3' ? 'SM2' : (SIGN_IN_ALG_INFO[alg].curve ?? 'P-256')];
  let r: bigint;
  let s: bigint;
  try {
    ({ r, s } = DER.toSig(signature));
  } catch (cause) {
    throw new LoginVerificationError('SIGNATURE_MALFORMED', 'signature is not a strict DER SEQUENCE{r, s}', { cause });
  }
  if (r < 1n || r >= order || s < 1n || s >= order) {
    throw new LoginVerificationError('SIGNATURE_MALFORMED', 'signature r or s is out of range');
  }
}

export async function checkSignature(alg: SignInAlg, cert: ParsedCertificate, clientData: Uint8Array, signature: Uint8Array): Promise<void> {
  checkEncoding(alg, cert, signature);
  const signatureAlgorithm = new AlgorithmIdentifier({ algorithm: SIGN_IN_ALG_INFO[alg].signatureOid });
  // Errors below are the pki layer's (unsupported algorithm, unusable key): the signature cannot be shown valid.
  let valid: boolean;
  try {
    valid = verifyWithNode({ key: cert.publicKey, spkiDer: cert.spki, hash: SIGN_IN_ALG_INFO[alg].hash, tbs: clientData, signature })
      ?? (await verifySignature({ tbs: clientData, signatureAlgorithm, signature }, cert.spki));
  } catch (cause) {
    throw new LoginVerificationError('SIGNATURE_INVALID', 'the signature cannot be checked with this key', { cause });
  }
  if (!valid) throw new LoginVerificationError('SIGNATURE_INVALID', 'the signature does not verify with the certificate key');
}
