/** Object identifiers of CMP/CRMF (RFC 9810 Appendix F, RFC 4211 §6) and the private ones of this project. */
import { AsnConvert, AsnProp, AsnPropTypes } from '@peculiar/asn1-schema';

export const CMP_OID = {
  /** RFC 4211 §6.5 id-regCtrl-oldCertID. */
  regCtrlOldCertId: '1.3.6.1.5.5.7.5.1.5',
  /** RFC 9810 §5.1.3.1 password-based MAC (Entrust). */
  passwordBasedMac: '1.2.840.113533.7.66.13',
  /** RFC 8018 PBMAC1, PBKDF2 and HMAC-SHA256 (RFC 9810 §5.1.3.2 / RFC 9481 §6.1.1). */
  pbmac1: '1.2.840.113549.1.5.14',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSha256: '1.2.840.113549.2.9',
  sha256: '2.16.840.1.101.3.4.2.1',
  /** RFC 9810 §5.1.1.1 id-it-implicitConfirm. */
  implicitConfirm: '1.3.6.1.5.5.7.4.13',
} as const;

/**
 * Our own infoTypes for PUK escrow and unlock (issue 10 §4). The project has no registered enterprise arc, so
 * they live under the UUID arc 2.25 (ITU-T X.667 §6.3 / RFC 4122 §1), where anyone may allocate an OID from a
 * freshly generated UUID without registration and without colliding with anyone else:
 * 2.25.<decimal of UUID f0c1e2d3-5a6b-4c7d-8e9f-0a1b2c3d4e5f>.<n>.
 */
const UKEY_ARC = '2.25.320021432851773114179103597375545757279';

export const UKEY_INFO_TYPE = {
  /** genm (PBM with the 解锁授权码, senderKID = request id): { keySerial, ephemeral key }; genp: the sealed PUK. */
  unlockRelease: `${UKEY_ARC}.1`,
  /** genm (signed by the token's certificate): { keySerial, sealed PUK } stored pending; genp: the escrow id. */
  pukEscrowPending: `${UKEY_ARC}.2`,
  /** genm: commit a pending escrow after the token accepted the new PUK. */
  pukEscrowCommit: `${UKEY_ARC}.3`,
  /** genm: file an unlock request { name, phone, keySerial }; genp: the request id. */
  unlockRequest: `${UKEY_ARC}.4`,
  /** genm: no value; genp: the CA's P-256 escrow public key (DER SPKI) that PUKs are sealed to. */
  escrowKey: `${UKEY_ARC}.5`,
} as const;

export type UkeyInfoTypeName = keyof typeof UKEY_INFO_TYPE;

class OidHolder {
  @AsnProp({ type: AsnPropTypes.ObjectIdentifier }) value = '';
}

/**
 * The string asn1js gives back for an OID after a DER round trip. It encodes the 128-bit UUID arc correctly
 * (OpenSSL reads it back in decimal) but decodes arcs above 2^53 as "{hex}"; so received infoTypes are
 * compared in that form.
 */
function asDecoded(oid: string): string {
  const holder = new OidHolder();
  holder.value = oid;
  return AsnConvert.parse(AsnConvert.serialize(holder), OidHolder).value;
}

const DECODED_INFO_TYPES = new Map<string, UkeyInfoTypeName>(
  (Object.keys(UKEY_INFO_TYPE) as UkeyInfoTypeName[]).flatMap((name) => [
    [asDecoded(UKEY_INFO_TYPE[name]), name],
    [UKEY_INFO_TYPE[name], name],
  ]),
);

/** Which of our infoTypes a received OID string is, or null. */
export function ukeyInfoTypeName(received: string): UkeyInfoTypeName | null {
  return DECODED_INFO_TYPES.get(received) ?? null;
}
