/** Issuing one end-entity certificate and the record the repository keeps of it. */
import { parseCertificate } from '../../shared/pki/parse-certificate';
import type { CaMaterial } from './ca-material';
import { buildCertificate } from './certificate-builder';
import type { CaProfilePolicy } from './policy';
import type { CertificateRecord } from './storage/repository';

export interface IssueOrder {
  readonly subject: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly policy: CaProfilePolicy;
  readonly now: Date;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly transactionId: string | null;
  /** DER GeneralNames for subjectAltName (kur: the old certificate's, byte for byte). */
  readonly subjectAltName?: Uint8Array;
}

export async function issueEndEntity(ca: CaMaterial, order: IssueOrder): Promise<CertificateRecord> {
  const notBefore = order.notBefore ?? order.now;
  const notAfter = order.notAfter ?? new Date(notBefore.getTime() + order.policy.validityDays * 24 * 3600 * 1000);
  const der = await buildCertificate({
    subject: order.subject,
    publicKey: order.publicKey,
    notBefore,
    notAfter,
    role: 'end-entity',
    issuerCertificate: ca.caCertificate,
    issuerSigner: ca.caSigner,
    ...(order.subjectAltName ? { subjectAltName: order.subjectAltName } : {}),
  });
  const parsed = parseCertificate(der);
  return {
    serial: parsed.serialNumber,
    transactionId: order.transactionId,
    subject: parsed.subject.text,
    der,
    notBefore: parsed.notBefore.getTime(),
    notAfter: parsed.notAfter.getTime(),
    status: 'issued',
    profile: order.policy.name,
    createdAt: order.now.getTime(),
  };
}
