/**
 * Builds and signs X.509 v3 certificates (RFC 5280 §4.1) for the reference CA. The subject Name and the
 * SubjectPublicKeyInfo are copied as given (DER), so any key the token makes (RSA, ECDSA, SM2) can be certified.
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  SubjectPublicKeyInfo,
} from '@peculiar/asn1-x509';
import {
  signatureAlgorithmIdentifier,
  randomBytes,
  derExplicit,
  derSequence,
  derTlv,
  type CmpSigner,
} from '../../shared/cmp';
import { readChildren, readTlv, type Tlv } from '../../shared/pki';
import { derBitString, derInteger, derOid, derTime, DER_TRUE } from './x509-der';
import { concatBytes } from '../../shared/bytes';

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

const der = (value: object): Uint8Array => new Uint8Array(AsnConvert.serialize(value));

/** The single DER element `bytes` holds, or null (a Name or SPKI is copied as given, so it is checked first). */
function wholeElement(bytes: Uint8Array, tag: number): Tlv | null {
  const element = readTlv(bytes);
  return element && element.tag === tag && element.raw.length === bytes.length ? element : null;
}

/** subjectPublicKey of a DER SubjectPublicKeyInfo (RFC 5280 §4.1: SEQUENCE { algorithm, BIT STRING }). */
function subjectPublicKeyBits(spki: Uint8Array): Uint8Array | null {
  const outer = wholeElement(spki, 0x30);
  const fields = outer ? readChildren(outer.content) : null;
  const bits = fields?.length === 2 && fields[0]!.tag === 0x30 ? fields[1]! : null;
  return bits && bits.tag === 0x03 && bits.content.length >= 1 && bits.content[0] === 0 ? bits.content.subarray(1) : null;
}

/** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING value. */
export function keyIdentifierOf(spki: Uint8Array): Uint8Array {
  const bits = subjectPublicKeyBits(spki);
  if (bits) return sha1(bits);
  // Anything unusual (e.g. unused bits) goes through the full parser, which also refuses what is not an SPKI.
  const parsed = AsnConvert.parse(spki, SubjectPublicKeyInfo);
  return sha1(new Uint8Array(parsed.subjectPublicKey));
}

export function newSerial(): Uint8Array {
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01; // positive and never a leading zero byte
  return serial;
}

/** Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } (RFC 5280 §4.1). */
function extensionDer(extnID: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical ? derSequence(derOid(extnID), DER_TRUE, derTlv(0x04, value)) : derSequence(derOid(extnID), derTlv(0x04, value));
}

/** The extensions that are the same for every certificate of a role, encoded once. */
const roleExtensions = new Map<CertificateRole, Uint8Array>();
function fixedExtensions(role: CertificateRole): Uint8Array {
  let fixed = roleExtensions.get(role);
  if (fixed) return fixed;
  const list: Uint8Array[] = [];
  if (role === 'ca') {
    list.push(extensionDer(id_ce_basicConstraints, true, der(new BasicConstraints({ cA: true }))));
    list.push(extensionDer(id_ce_keyUsage, true, der(new KeyUsage(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign))));
  } else {
    list.push(extensionDer(id_ce_basicConstraints, true, der(new BasicConstraints({ cA: false }))));
    list.push(extensionDer(id_ce_keyUsage, true, der(new KeyUsage(KeyUsageFlags.digitalSignature | (role === 'end-entity' ? KeyUsageFlags.nonRepudiation : 0)))));
    // RFC 9483 §4.1.1 / RFC 6402 §2.10: id-kp-cmKGA is for key generation; a CMP RA/CA signer uses id-kp-cmcRA.
    if (role === 'cmp-signer') list.push(extensionDer(id_ce_extKeyUsage, false, der(new ExtendedKeyUsage(['1.3.6.1.5.5.7.3.28']))));
    else list.push(extensionDer(id_ce_extKeyUsage, false, der(new ExtendedKeyUsage(['1.3.6.1.5.5.7.3.2', '1.3.6.1.5.5.7.3.4']))));
  }
  roleExtensions.set(role, (fixed = concatBytes(...list)));
  return fixed;
}

/** Extensions ::= SEQUENCE OF Extension: SKI, AKI, the role's, then subjectAltName when given. */
function extensionsFor(order: CertificateOrder, issuerSpki: Uint8Array, emptySubject: boolean): Uint8Array {
  const ski = derTlv(0x04, keyIdentifierOf(order.publicKey)); // SubjectKeyIdentifier ::= KeyIdentifier (OCTET STRING)
  // AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT KeyIdentifier OPTIONAL, ... } (§4.2.1.1)
  const aki = derSequence(derTlv(0x80, keyIdentifierOf(issuerSpki)));
  return derSequence(
    extensionDer(id_ce_subjectKeyIdentifier, false, ski),
    extensionDer(id_ce_authorityKeyIdentifier, false, aki),
    fixedExtensions(order.role),
    ...(order.subjectAltName ? [extensionDer(id_ce_subjectAltName, emptySubject, order.subjectAltName)] : []),
  );
}

/** The issuer certificate is the same bytes for every certificate the CA signs: its subject and SPKI read once. */
const issuers = new WeakMap<Uint8Array, { readonly subject: Uint8Array; readonly spki: Uint8Array }>();
function issuerOf(certificate: Uint8Array): { readonly subject: Uint8Array; readonly spki: Uint8Array } {
  let issuer = issuers.get(certificate);
  if (!issuer) {
    const tbs = AsnConvert.parse(certificate, Certificate).tbsCertificate;
    issuers.set(certificate, (issuer = { subject: der(tbs.subject), spki: der(tbs.subjectPublicKeyInfo) }));
  }
  return issuer;
}

const algorithms = new Map<string, Uint8Array>();
function algorithmDer(algorithm: CmpSigner['algorithm']): Uint8Array {
  let encoded = algorithms.get(algorithm);
  if (!encoded) algorithms.set(algorithm, (encoded = der(signatureAlgorithmIdentifier(algorithm))));
  return encoded;
}

/** DER TBSCertificate (RFC 5280 §4.1): v3, the serial as given, the issuer's algorithm and names, SPKI as given. */
export function tbsCertificateDer(order: CertificateOrder, serial: Uint8Array): Uint8Array {
  const subject = wholeElement(order.subject, 0x30);
  if (!subject) throw new TypeError('the subject is not one DER Name');
  if (!subjectPublicKeyBits(order.publicKey) && !wholeElement(order.publicKey, 0x30)) throw new TypeError('the public key is not one DER SubjectPublicKeyInfo');
  const issuer = order.issuerCertificate ? issuerOf(order.issuerCertificate) : { subject: order.subject, spki: order.publicKey };
  return derSequence(
    derExplicit(0, derInteger(2)), // version [0] EXPLICIT Version: v3 = 2 (§4.1.2.1)
    derTlv(0x02, serial),
    algorithmDer(order.issuerSigner.algorithm),
    issuer.subject,
    derSequence(derTime(order.notBefore), derTime(order.notAfter)),
    order.subject,
    order.publicKey,
    derExplicit(3, extensionsFor(order, issuer.spki, subject.content.length === 0)),
  );
}

export async function buildCertificate(order: CertificateOrder): Promise<Uint8Array> {
  const tbsDer = tbsCertificateDer(order, order.serial ?? newSerial());
  const signature = await order.issuerSigner.sign(tbsDer);
  // RFC 5280 §4.1: SEQUENCE { tbsCertificate, signatureAlgorithm, BIT STRING signature } around the very bytes
  // that were signed.
  return derSequence(tbsDer, algorithmDer(order.issuerSigner.algorithm), derBitString(signature));
}
