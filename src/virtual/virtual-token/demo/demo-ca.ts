/**
 * The demo certificate authority (the fixed DEMO-ONLY one of src/virtual/demo-ca, usable in the browser) and the
 * issuing of end-entity certificates for public keys read from the card.
 */
import * as x509 from '@peculiar/x509';
import { demoCaCertificateDer, importDemoCaKeys } from '../../demo-ca';
import { bytesToB64u } from '../slot-crypto';

export interface DemoCa {
  readonly certificate: x509.X509Certificate;
  readonly keys: CryptoKeyPair;
  readonly name: x509.Name;
}

const OID = { C: '2.5.4.6', O: '2.5.4.10', OU: '2.5.4.11', CN: '2.5.4.3', SERIAL_NUMBER: '2.5.4.5', ST: '2.5.4.8', L: '2.5.4.7' } as const;
const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface SubjectFields {
  readonly commonName: string;
  readonly organization: string;
  /** Unified social credit code: in serialNumber (2.5.4.5) and OU, where Chinese CAs put it. */
  readonly usci: string;
  readonly province?: string;
  readonly locality?: string;
}

export function subjectName(fields: SubjectFields): x509.Name {
  return new x509.Name([
    { [OID.C]: [{ printableString: 'CN' }] },
    ...(fields.province ? [{ [OID.ST]: [{ utf8String: fields.province }] }] : []),
    ...(fields.locality ? [{ [OID.L]: [{ utf8String: fields.locality }] }] : []),
    { [OID.O]: [{ utf8String: fields.organization }] },
    { [OID.OU]: [{ utf8String: fields.usci }] },
    { [OID.CN]: [{ utf8String: fields.commonName }] },
    { [OID.SERIAL_NUMBER]: [{ printableString: fields.usci }] },
  ]);
}

/** The fixed DEMO-ONLY CA (src/virtual/demo-ca), so every demo token chains to the anchor servers trust in demo mode. */
export async function loadDemoCa(): Promise<DemoCa> {
  const certificate = new x509.X509Certificate(demoCaCertificateDer());
  return { certificate, keys: await importDemoCaKeys(), name: certificate.subjectName };
}

/** WebCrypto public key from a 7F49 template's content (81/82 RSA, 86 EC point). */
export async function publicKeyFromTemplate(fields: { modulus?: Uint8Array; exponent?: Uint8Array; point?: Uint8Array }): Promise<CryptoKey> {
  if (fields.point) {
    const size = (fields.point.length - 1) / 2;
    const crv = size === 48 ? 'P-384' : 'P-256';
    const jwk: JsonWebKey = { kty: 'EC', crv, x: bytesToB64u(fields.point.subarray(1, 1 + size)), y: bytesToB64u(fields.point.subarray(1 + size)) };
    return crypto.subtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: crv }, true, ['verify']);
  }
  const jwk: JsonWebKey = { kty: 'RSA', n: bytesToB64u(fields.modulus ?? new Uint8Array(0)), e: bytesToB64u(fields.exponent ?? new Uint8Array(0)) };
  return crypto.subtle.importKey('jwk', jwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']);
}

export interface IssueRequest {
  readonly subject: x509.Name;
  readonly publicKey: CryptoKey;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly serialNumber: string;
  readonly usages: number;
  readonly extendedUsages?: readonly string[];
}

export async function issueCertificate(ca: DemoCa, request: IssueRequest): Promise<Uint8Array> {
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: request.serialNumber,
    subject: request.subject,
    issuer: ca.name,
    notBefore: request.notBefore,
    notAfter: request.notAfter,
    signingAlgorithm: ECDSA_P256,
    publicKey: request.publicKey,
    signingKey: ca.keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(request.usages, true),
      ...(request.extendedUsages ? [new x509.ExtendedKeyUsageExtension([...request.extendedUsages])] : []),
      await x509.AuthorityKeyIdentifierExtension.create(ca.certificate),
      await x509.SubjectKeyIdentifierExtension.create(request.publicKey),
    ],
  });
  return new Uint8Array(certificate.rawData);
}

