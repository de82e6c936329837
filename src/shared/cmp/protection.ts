/**
 * Message protection (RFC 9810 §5.1.3): a signature by the sender's key, or a password-based MAC, over the DER
 * of ProtectedPart ::= SEQUENCE { header, body }.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { parseCertificate } from '../pki/parse-certificate';
import { verifySignature } from '../pki/signature-registry';
import { PbmParameter } from './asn1/pbm';
import { CmpDecodeError } from './errors';
import { protectedPart, type DecodedPkiMessage } from './message-codec';
import { CMP_OID } from './oids';
import type { CmpSigner } from './signer';

export async function signProtection(headerDer: Uint8Array, bodyDer: Uint8Array, signer: CmpSigner): Promise<Uint8Array> {
  return signer.sign(protectedPart(headerDer, bodyDer));
}

/** True when the message carries a signature that verifies with the certificate's key. */
export async function verifySignatureProtection(message: DecodedPkiMessage, signerCertificate: Uint8Array): Promise<boolean> {
  const alg = message.header.protectionAlg;
  if (!alg || !message.protection) return false;
  if (alg.algorithm === CMP_OID.passwordBasedMac || alg.algorithm === CMP_OID.pbmac1) return false;
  const cert = parseCertificate(signerCertificate);
  try {
    return await verifySignature(
      { tbs: protectedPart(message.raw.header, message.raw.body), signatureAlgorithm: alg, signature: message.protection },
      cert.spki,
    );
  } catch {
    return false; // unsupported algorithm: cannot be shown to verify
  }
}

/** RFC 9481 §6.1.1 recommends at least 10,000 PBM iterations; more makes a guessed code costlier to test. */
export const PBM_ITERATIONS = 10_000;
const MAX_PBM_ITERATIONS = 100_000;

/** RFC 9810 §5.1.3.1: key = owf^iterationCount(password ‖ salt), MAC = HMAC(key, ProtectedPart). SHA-256 only. */
function pbmMac(secret: Uint8Array, params: PbmParameter, data: Uint8Array): Uint8Array {
  let key = sha256(new Uint8Array([...secret, ...new Uint8Array(params.salt)]));
  for (let i = 1; i < params.iterationCount; i++) key = sha256(key);
  return hmac(sha256, key, data);
}

export function pbmAlgorithm(salt: Uint8Array, iterationCount = PBM_ITERATIONS): AlgorithmIdentifier {
  const params = new PbmParameter({
    salt: salt.slice().buffer,
    owf: new AlgorithmIdentifier({ algorithm: CMP_OID.sha256 }),
    iterationCount,
    mac: new AlgorithmIdentifier({ algorithm: CMP_OID.hmacWithSha256 }),
  });
  return new AlgorithmIdentifier({ algorithm: CMP_OID.passwordBasedMac, parameters: AsnConvert.serialize(params) });
}

function readPbmParameters(alg: AlgorithmIdentifier): PbmParameter {
  let params: PbmParameter;
  try {
    params = AsnConvert.parse(alg.parameters ?? new ArrayBuffer(0), PbmParameter);
  } catch (cause) {
    throw new CmpDecodeError('PBMParameter', 'password-based MAC parameters are malformed', { cause });
  }
  return params;
}

/** MAC protection with parameters taken from `protectionAlg` (which must be our PBM profile). */
export function macProtection(headerDer: Uint8Array, bodyDer: Uint8Array, protectionAlg: AlgorithmIdentifier, secret: Uint8Array): Uint8Array {
  const params = readPbmParameters(protectionAlg);
  return pbmMac(secret, params, protectedPart(headerDer, bodyDer));
}

/** True when the message carries a PBM (SHA-256 / HMAC-SHA256) that verifies with `secret`. */
export function verifyMacProtection(message: DecodedPkiMessage, secret: Uint8Array): boolean {
  const alg = message.header.protectionAlg;
  if (!alg || !message.protection || alg.algorithm !== CMP_OID.passwordBasedMac) return false;
  const params = readPbmParameters(alg);
  if (params.owf.algorithm !== CMP_OID.sha256 || params.mac.algorithm !== CMP_OID.hmacWithSha256) return false;
  if (params.iterationCount < 1 || params.iterationCount > MAX_PBM_ITERATIONS) return false;
  const expected = pbmMac(secret, params, protectedPart(message.raw.header, message.raw.body));
  return constantTimeEqual(expected, message.protection);
}

export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
