/** Issuing one end-entity certificate and the record the repository keeps of it. */
import { readNameDer, serialToHex } from '../../shared/pki';
import type { CaMaterial } from './ca-material';
import { buildCertificate, newSerial } from './certificate-builder';
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
  // The record's fields are what we put in, not a re-parse of the DER (issue 14 §4: one full parse less per
  // certificate). Times are encoded to the second (RFC 5280 §4.1.2.5), so the record keeps them to the second.
  const serial = newSerial();
  const der = await buildCertificate({
    subject: order.subject,
    publicKey: order.publicKey,
    notBefore,
    notAfter,
    role: 'end-entity',
    issuerCertificate: ca.caCertificate,
    issuerSigner: ca.caSigner,
    serial,
    ...(order.subjectAltName ? { subjectAltName: order.subjectAltName } : {}),
  });
  const seconds = (date: Date): number => Math.floor(date.getTime() / 1000) * 1000;
  return {
    serial: serialToHex(serial.slice().buffer),
    transactionId: order.transactionId,
    subject: readNameDer(order.subject).text,
    der,
    notBefore: seconds(notBefore),
    notAfter: seconds(notAfter),
    status: 'issued',
    profile: order.policy.name,
    createdAt: order.now.getTime(),
  };
}
