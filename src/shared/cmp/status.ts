/** PKIStatus and PKIFailureInfo (RFC 9810 §5.2.3) as named values, read from and written to raw DER. */

export const PKI_STATUS = {
  accepted: 0,
  grantedWithMods: 1,
  rejection: 2,
  waiting: 3,
  revocationWarning: 4,
  revocationNotification: 5,
  keyUpdateWarning: 6,
} as const;

export type PkiStatusName = keyof typeof PKI_STATUS;

/** Bit positions of PKIFailureInfo, RFC 9810 §5.2.3 (bit 0 is the most significant bit of the first byte). */
export const FAIL_INFO_BITS = [
  'badAlg',
  'badMessageCheck',
  'badRequest',
  'badTime',
  'badCertId',
  'badDataFormat',
  'wrongAuthority',
  'incorrectData',
  'missingTimeStamp',
  'badPOP',
  'certRevoked',
  'certConfirmed',
  'wrongIntegrity',
  'badRecipientNonce',
  'timeNotAvailable',
  'unacceptedPolicy',
  'unacceptedExtension',
  'addInfoNotAvailable',
  'badSenderNonce',
  'badCertTemplate',
  'signerNotTrusted',
  'transactionIdInUse',
  'unsupportedVersion',
  'notAuthorized',
  'systemUnavail',
  'systemFailure',
  'duplicateCertReq',
] as const;

export type FailInfoName = (typeof FAIL_INFO_BITS)[number];

/** Names of the bits set in a BIT STRING's content (first byte = unused bits). Unknown bits read as "bitN". */
export function failInfoNames(bitStringContent: Uint8Array): string[] {
  const names: string[] = [];
  for (let byte = 1; byte < bitStringContent.length; byte++) {
    for (let bit = 0; bit < 8; bit++) {
      if (bitStringContent[byte]! & (0x80 >> bit)) {
        const index = (byte - 1) * 8 + bit;
        names.push(FAIL_INFO_BITS[index] ?? `bit${index}`);
      }
    }
  }
  return names;
}

/** DER BIT STRING content for named bits (X.690 §11.2.2: trailing zero bits removed). */
export function failInfoContent(names: readonly FailInfoName[]): Uint8Array {
  const indexes = names.map((n) => FAIL_INFO_BITS.indexOf(n));
  if (indexes.length === 0) return new Uint8Array([0]);
  const highest = Math.max(...indexes);
  const bytes = new Uint8Array(1 + Math.floor(highest / 8) + 1);
  for (const index of indexes) bytes[1 + Math.floor(index / 8)]! |= 0x80 >> index % 8;
  bytes[0] = 7 - (highest % 8);
  return bytes;
}
