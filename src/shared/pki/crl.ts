/**
 * Certificate revocation lists (RFC 5280 §5): parsing, signature check, and the verdict for one certificate.
 * A CRL past its nextUpdate is stale: its "not listed" no longer means good, so the verdict is "unknown since
 * <nextUpdate>" (issue 3 §3: never a silent "good"); a listed serial stays revoked whatever the CRL's age.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificateList, type AlgorithmIdentifier } from '@peculiar/asn1-x509';
import type { RevocationReport } from './certificate-report';
import { CrlError } from './errors';
import { readName, type DistinguishedName } from './names';
import { serialToHex, type ParsedCertificate } from './parse-certificate';
import { verifySignature, type VerifyOptions } from './signature-registry';

export interface ParsedCrl {
  readonly der: Uint8Array;
  readonly tbs: Uint8Array;
  readonly signatureAlgorithm: AlgorithmIdentifier;
  readonly signature: Uint8Array;
  readonly issuer: DistinguishedName;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | null;
  /** Serial (lowercase hex) → revocation date. */
  readonly revoked: ReadonlyMap<string, Date>;
}

export function parseCrl(der: Uint8Array): ParsedCrl {
  // Only the ASN.1 decode becomes CrlError (issue 7 §6); our field readers' bugs surface as themselves.
  let list: CertificateList;
  try {
    list = AsnConvert.parse(der, CertificateList);
  } catch (cause) {
    throw new CrlError('unreadable', 'not a DER X.509 CRL', { cause });
  }
  const tbsList = list.tbsCertList;
  const revoked = new Map<string, Date>();
  for (const entry of tbsList.revokedCertificates ?? []) {
    revoked.set(serialToHex(entry.userCertificate), entry.revocationDate.getTime());
  }
  const thisUpdate = tbsList.thisUpdate.getTime();
  if (Number.isNaN(thisUpdate.getTime())) throw new CrlError('unreadable', 'thisUpdate is not a valid time');
  return {
    der,
    tbs: list.tbsCertListRaw ? new Uint8Array(list.tbsCertListRaw) : new Uint8Array(AsnConvert.serialize(tbsList)),
    signatureAlgorithm: list.signatureAlgorithm,
    signature: new Uint8Array(list.signature),
    issuer: readName(tbsList.issuer),
    thisUpdate,
    nextUpdate: tbsList.nextUpdate ? tbsList.nextUpdate.getTime() : null,
    revoked,
  };
}

/** RFC 5280 §6.3.3 (f): a CRL issuer whose keyUsage is present must assert cRLSign (§4.2.1.3). */
export const mayIssueCrl = (issuer: ParsedCertificate): boolean =>
  !issuer.extensions.hasKeyUsage || issuer.extensions.keyUsage.includes('cRLSign');

/**
 * The CRL's signature with its issuer's key, from an issuer allowed to sign CRLs. False when it does not verify
 * or cannot be checked.
 */
export async function verifyCrl(crl: ParsedCrl, issuer: ParsedCertificate, options: VerifyOptions = {}): Promise<boolean> {
  if (crl.issuer.key !== issuer.subject.key || !mayIssueCrl(issuer)) return false;
  try {
    return await verifySignature(crl, issuer.spki, options);
  } catch {
    return false;
  }
}

export type RevocationVerdict = RevocationReport;

/** Verdict from one verified CRL of the certificate's issuer. */
export function revocationFromCrl(cert: ParsedCertificate, crl: ParsedCrl, now: Date): RevocationVerdict {
  const revokedAt = crl.revoked.get(cert.serialNumber);
  if (revokedAt) return { status: 'revoked', reason: `revoked on ${revokedAt.toISOString()}` };
  if (crl.nextUpdate && now.getTime() > crl.nextUpdate.getTime()) {
    const since = crl.nextUpdate.toISOString();
    return { status: 'unknown', reason: `revocation unknown since ${since}`, since, unchecked: 'crl-stale' };
  }
  return {
    status: 'good',
    reason: `not listed in the CRL of ${crl.thisUpdate.toISOString()}${crl.nextUpdate ? ` (next update ${crl.nextUpdate.toISOString()})` : ''}`,
  };
}
