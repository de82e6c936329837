/**
 * What a SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) holds, in report form, and the SM2 point for verification.
 * SM2 keys come in two encodings seen in the wild: id-ecPublicKey with curve 1.2.156.10197.1.301 (GM/T 0006,
 * what OpenSSL writes) and the algorithm OID 1.2.156.10197.1.301 itself (some CA software).
 */
import { AsnConvert, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes } from '@peculiar/asn1-schema';
import { RSAPublicKey } from '@peculiar/asn1-rsa';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import type { PublicKeyReport } from './certificate-report';
import { CertificateParseError } from './errors';
import { CURVES, OID } from './oids';
import { sm2PublicKeyFromBytes, type Sm2Point } from './sm/sm2';

export type KeyKind = 'RSA' | 'EC' | 'SM2' | 'unknown';

export interface PublicKeyInfo extends PublicKeyReport {
  readonly kind: KeyKind;
  /** The curve OID for EC and SM2 keys. */
  readonly curveOid?: string;
}

// A bare OBJECT IDENTIFIER, for reading ECParameters' namedCurve choice.
@AsnType({ type: AsnTypeTypes.Choice })
class OidValue {
  @AsnProp({ type: AsnPropTypes.ObjectIdentifier })
  value = '';
}

function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

/** The named-curve OID in ECParameters (RFC 5480 §2.1.1), or undefined for implicit/explicit curves. */
function curveOidOf(spki: SubjectPublicKeyInfo): string | undefined {
  const params = spki.algorithm.parameters;
  if (!params) return undefined;
  try {
    return AsnConvert.parse(params, OidValue).value;
  } catch {
    return undefined;
  }
}

export function describePublicKey(spki: SubjectPublicKeyInfo): PublicKeyInfo {
  const oid = spki.algorithm.algorithm;
  if (oid === OID.rsaEncryption || oid === OID.rsassaPss) {
    try {
      const key = AsnConvert.parse(spki.subjectPublicKey, RSAPublicKey);
      return { kind: 'RSA', algorithm: 'RSA', bits: bitLength(new Uint8Array(key.modulus)) };
    } catch (cause) {
      throw new CertificateParseError('public-key', 'RSA public key is malformed', { cause });
    }
  }
  if (oid === OID.sm2Curve) return { kind: 'SM2', algorithm: 'SM2', bits: 256, curve: 'SM2', curveOid: OID.sm2Curve };
  if (oid === OID.ecPublicKey) {
    const curveOid = curveOidOf(spki);
    const curve = curveOid ? CURVES[curveOid] : undefined;
    if (curve?.name === 'SM2') return { kind: 'SM2', algorithm: 'SM2', bits: 256, curve: 'SM2', curveOid };
    if (curve) return { kind: 'EC', algorithm: 'EC', bits: curve.bits, curve: curve.name, curveOid };
    const pointBits = ((spki.subjectPublicKey.byteLength - 1) / 2) * 8;
    return { kind: 'EC', algorithm: 'EC', bits: pointBits > 0 ? pointBits : 0, curve: curveOid ?? 'unknown', curveOid };
  }
  return { kind: 'unknown', algorithm: oid, bits: spki.subjectPublicKey.byteLength * 8 };
}

/** The SM2 public point of an SPKI in either encoding; throws CertificateParseError if absent or off-curve. */
export function sm2PointOf(spki: SubjectPublicKeyInfo): Sm2Point {
  if (describePublicKey(spki).kind !== 'SM2') throw new CertificateParseError('public-key', 'not an SM2 public key');
  try {
    return sm2PublicKeyFromBytes(new Uint8Array(spki.subjectPublicKey));
  } catch (cause) {
    throw new CertificateParseError('public-key', 'SM2 public key is not a point on the curve', { cause });
  }
}

export function parseSpki(der: Uint8Array): SubjectPublicKeyInfo {
  try {
    return AsnConvert.parse(der, SubjectPublicKeyInfo);
  } catch (cause) {
    throw new CertificateParseError('public-key', 'SubjectPublicKeyInfo is malformed', { cause });
  }
}
