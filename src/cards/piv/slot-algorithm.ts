/**
 * Which algorithm a slot's key uses, when the card cannot say (no GET METADATA): read it from the public key
 * of the slot's certificate (RFC 5280 §4.1.2.7). Needed because GENERAL AUTHENTICATE names the algorithm in
 * P1 (SP 800-73-4 Part 2 §3.2.4) and RSA padding depends on the modulus size.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { bytesEqual, decodeTlv, decodeTlvs } from '../../apdu';
import { NotSupportedError } from '../../shared/errors';
import { Algorithm } from './constants';
import { derOid, OID } from './der';
import { PivDataError } from './errors';
import type { AsymmetricAlgorithm } from './keys';

/** SM2 keys appear as id-ecPublicKey on sm2p256v1 or with sm2p256v1 as the key algorithm itself (GM/T 0006). */
const OID_TEXT = { RSA: '1.2.840.113549.1.1.1', EC: '1.2.840.10045.2.1', SM2: '1.2.156.10197.1.301' } as const;
const RSA_2048_MODULUS_BYTES = 256;

/** Bytes of an RSAPublicKey's modulus without its sign octet (PKCS#1 RFC 8017 §A.1.1). */
function rsaModulusBytes(rsaPublicKey: Uint8Array): number {
  const outer = decodeTlv(rsaPublicKey);
  const modulus = decodeTlvs(outer.value)[0];
  if (!modulus || modulus.tag !== 0x02) throw new PivDataError('certificate key', 'RSA modulus missing');
  return modulus.value[0] === 0 ? modulus.value.length - 1 : modulus.value.length;
}

export function algorithmFromCertificate(der: Uint8Array, slotLabel: string): AsymmetricAlgorithm {
  let spki: Certificate['tbsCertificate']['subjectPublicKeyInfo'];
  try {
    spki = AsnConvert.parse(der, Certificate).tbsCertificate.subjectPublicKeyInfo;
  } catch (error) {
    throw new PivDataError(`certificate ${slotLabel}`, 'not a parsable X.509 certificate', { cause: error });
  }
  const oid = spki.algorithm.algorithm;
  if (oid === OID_TEXT.RSA) {
    let bytes: number;
    try {
      bytes = rsaModulusBytes(new Uint8Array(spki.subjectPublicKey));
    } catch (error) {
      throw new PivDataError(`certificate ${slotLabel}`, 'RSA public key unreadable', { cause: error });
    }
    if (bytes === RSA_2048_MODULUS_BYTES) return Algorithm.RSA_2048;
    throw new NotSupportedError(`RSA-${bytes * 8}`, `Slot ${slotLabel} holds an RSA-${bytes * 8} key; only RSA-2048 is supported`);
  }
  if (oid === OID_TEXT.EC) {
    const params = spki.algorithm.parameters ? new Uint8Array(spki.algorithm.parameters) : new Uint8Array(0);
    if (bytesEqual(params, derOid(OID.P256))) return Algorithm.ECC_P256;
    if (bytesEqual(params, derOid(OID.P384))) return Algorithm.ECC_P384;
    if (bytesEqual(params, derOid(OID.SM2_CURVE))) return Algorithm.SM2;
    throw new NotSupportedError('EC curve', `Slot ${slotLabel} holds a key on a curve other than P-256/P-384`);
  }
  if (oid === OID_TEXT.SM2) return Algorithm.SM2;
  throw new NotSupportedError(oid, `Slot ${slotLabel} holds a key of algorithm ${oid}, which PIV signing here does not support`);
}
