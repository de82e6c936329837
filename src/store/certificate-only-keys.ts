/**
 * Keys recorded by their certificate only (issue 16 §1): the browser cannot open them (smart-card-class and
 * CD-drive keys on Windows, DESIGN.md §3), but the clerk still wants the label, deadline, notes and the CA's
 * renewal route on the dashboard. They live in the same `tokens` and `certificates` stores as paired keys,
 * with transport 'certificate-only' and an id made from the first certificate's SHA-256, so recording the same
 * file twice finds the same key. Certificates are keyed by their position in the file (no key reference on a card exists).
 */
import type { CertificateReport } from '../shared/pki';
import type { CertificateRecord, TokenRecord } from './records';

export const CERTIFICATE_ONLY_PREFIX = 'cert:';

export function isCertificateOnly(record: Pick<TokenRecord, 'transport'>): boolean {
  return record.transport === 'certificate-only';
}

export function certificateOnlyId(firstSha256: string): string {
  return `${CERTIFICATE_ONLY_PREFIX}${firstSha256.toLowerCase()}`;
}

export interface RecordedCertificate {
  readonly der: Uint8Array;
  readonly report: CertificateReport;
}

/** The records for a key known only by these certificates (at least one). */
export function certificateOnlyRecords(
  certs: readonly RecordedCertificate[],
  now: string,
  previous?: TokenRecord,
): { record: TokenRecord; certificates: CertificateRecord[] } {
  const first = certs[0];
  if (!first) throw new RangeError('a certificate-only key needs a certificate');
  const id = certificateOnlyId(first.report.fingerprints.sha256);
  const record: TokenRecord = {
    id,
    label: previous?.label ?? '',
    vendor: null,
    model: null,
    productName: '',
    serialNumber: null,
    firmwareVersion: null,
    transport: 'certificate-only',
    isDemo: false,
    lastReadAt: null,
    pairedAt: previous?.pairedAt ?? now,
    ...(previous?.notes !== undefined ? { notes: previous.notes } : {}),
  };
  const certificates = certs.map((c, index): CertificateRecord => ({
    tokenId: id,
    keyRef: index,
    der: c.der.slice().buffer as ArrayBuffer,
    report: c.report,
    parseError: null,
    readAt: now,
  }));
  return { record, certificates };
}

/**
 * The certificate-only keys that are the same key as a token just read: they share a certificate (same
 * SHA-256). Once the key is paired its live record replaces them (issue 16 §1 "the two records become one").
 */
export function sameKeyRecords(
  readFingerprints: readonly string[],
  candidates: ReadonlyArray<{ record: TokenRecord; certificates: readonly CertificateRecord[] }>,
): string[] {
  const read = new Set(readFingerprints.map((f) => f.toLowerCase()));
  return candidates
    .filter((c) => isCertificateOnly(c.record) && c.certificates.some((cert) => cert.report !== null && read.has(cert.report.fingerprints.sha256.toLowerCase())))
    .map((c) => c.record.id);
}
