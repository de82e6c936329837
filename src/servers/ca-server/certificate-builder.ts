/**
 * Builds and signs X.509 v3 certificates (RFC 5280 §4.1) for the reference CA. The subject Name and the
 * SubjectPublicKeyInfo are copied as given (DER), so any key the token makes (RSA, ECDSA, SM2) can be certified.
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  Name,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Time,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import { signatureAlgorithmIdentifier, type CmpSigner } from '../../shared/cmp/signer';
import { randomBytes } from '../../shared/cmp/client/transaction';
import { derSequence, derTlv } from '../../shared/cmp/der';
import { concatBytes } from '../../shared/bytes/concat-bytes';

export type CertificateRole = 'ca' | 'cmp-signer' | 'end-entity';

export interface CertificateOrder {
  readonly subject: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly role: CertificateRole;
  /** Issuer certificate DER; absent for a self-signed CA. */
  readonly issuerCertificate?: Uint8Array;
  readonly issuerSigner: CmpSigner;
  /**
   * DER of a subjectAltName extnValue (GeneralNames) copied as is, e.g. from the certificate a kur renews;
   * critical exactly when the subject is empty (RFC 5280 §4.2.1.6).
   */
  readonly subjectAltName?: Uint8Array;
  /** Big-endian serial; default 16 random bytes with the top bit clear (RFC 5280 §4.1.2.2: positive, ≤ 20 bytes). */
  readonly serial?: Uint8Array;
}

const der = (value: object): ArrayBuffer => AsnConvert.serialize(value);

/** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING value. */
export function keyIdentifierOf(spki: Uint8Array): Uint8Array {
  const parsed = AsnConvert.parse(spki, SubjectPublicKeyInfo);
  return sha1(new Uint8Array(parsed.subjectPublicKey));
}

export function newSerial(): Uint8Array {
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01; // positive and never a leading zero byte
  return serial;
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
function time(date: Date): Time {
  return date.getUTCFullYear() < 2050 ? new Time({ utcTime: date }) : new Time({ generalTime: date });
}

function extensionsFor(order: CertificateOrder, issuerSpki: Uint8Array): Extensions {
  const ext = (extnID: string, critical: boolean, value: object): Extension =>
    new Extension({ extnID, critical, extnValue: new OctetString(der(value)) });
  const list: Extension[] = [
    ext(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyIdentifierOf(order.publicKey))),
    ext(id_ce_authorityKeyIdentifier, false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(keyIdentifierOf(issuerSpki)) })),
  ];
  if (order.role === 'ca') {
    list.push(ext(id_ce_basicConstraints, true, new BasicConstraints({ cA: true })));
    list.push(ext(id_ce_keyUsage, true, new KeyUsage(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign)));
  } else {
    list.push(ext(id_ce_basicConstraints, true, new BasicConstraints({ cA: false })));
    list.push(ext(id_ce_keyUsage, true, new KeyUsage(KeyUsageFlags.digitalSignature | (order.role === 'end-entity' ? KeyUsageFlags.nonRepudiation : 0))));
    // RFC 9483 §4.1.1 / RFC 6402 §2.10: id-kp-cmKGA is for key generation; a CMP RA/CA signer uses id-kp-cmcRA.
    if (order.role === 'cmp-signer') list.push(ext(id_ce_extKeyUsage, false, new ExtendedKeyUsage(['1.3.6.1.5.5.7.3.28'])));
    else list.push(ext(id_ce_extKeyUsage, false, new ExtendedKeyUsage(['1.3.6.1.5.5.7.3.2', '1.3.6.1.5.5.7.3.4'])));
  }
  if (order.subjectAltName) {
    const emptySubject = AsnConvert.parse(order.subject, Name).length === 0;
    list.push(new Extension({ extnID: id_ce_subjectAltName, critical: emptySubject, extnValue: new OctetString(order.subjectAltName.slice().buffer) }));
  }
  return new Extensions(list);
}

/** The issuer certificate is the same bytes for every certificate the CA signs: parsed once. */
const issuers = new WeakMap<Uint8Array, TBSCertificate>();
function issuerTbs(der: Uint8Array): TBSCertificate {
  let tbs = issuers.get(der);
  if (!tbs) issuers.set(der, (tbs = AsnConvert.parse(der, Certificate).tbsCertificate));
  return tbs;
}

export async function buildCertificate(order: CertificateOrder): Promise<Uint8Array> {
  const issuer = order.issuerCertificate ? issuerTbs(order.issuerCertificate) : undefined;
  const issuerName = issuer ? issuer.subject : AsnConvert.parse(order.subject, Name);
  const issuerSpki = issuer ? new Uint8Array(der(issuer.subjectPublicKeyInfo)) : order.publicKey;
  const signatureAlgorithm = signatureAlgorithmIdentifier(order.issuerSigner.algorithm);
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: (order.serial ?? newSerial()).slice().buffer,
    signature: signatureAlgorithm,
    issuer: issuerName,
    validity: new Validity(),
    subject: AsnConvert.parse(order.subject, Name),
    subjectPublicKeyInfo: AsnConvert.parse(order.publicKey, SubjectPublicKeyInfo),
    extensions: extensionsFor(order, issuerSpki),
  });
  tbs.validity.notBefore = time(order.notBefore);
  tbs.validity.notAfter = time(order.notAfter);
  const tbsDer = new Uint8Array(der(tbs));
  const signature = await order.issuerSigner.sign(tbsDer);
  const certificate = new Certificate({ tbsCertificate: tbs, signatureAlgorithm, signatureValue: signature.slice().buffer });
  // RFC 5280 §4.1: SEQUENCE { tbsCertificate, signatureAlgorithm, BIT STRING signature } around the very bytes
  // that were signed (no second serialisation of the TBS; X.690 §8.6: first content octet = 0 unused bits).
  const out = derSequence(tbsDer, new Uint8Array(der(signatureAlgorithm)), derTlv(0x03, concatBytes(new Uint8Array([0]), signature)));
  built.set(out, certificate);
  return out;
}

/** Certificates this process just built, by their DER: the response embeds the object without parsing it again. */
const built = new WeakMap<Uint8Array, Certificate>();

/** The certificate as an ASN.1 object: the one built here, or parsed. */
export function certificateObject(derBytes: Uint8Array): Certificate {
  return built.get(derBytes) ?? AsnConvert.parse(derBytes, Certificate);
}
