/**
 * What the CA checks in a certificate request before issuing (RFC 9810 §5.1.3, §5.2.8; RFC 9483 §4.1.1–§4.1.4):
 * signature protection by a certificate our CA issued, the request's time, the proof of possession by the new
 * key, the template, and for kur the oldCertID and the renewal window. Each failure names its PKIFailureInfo.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificationRequest } from '@peculiar/asn1-csr';
import {
  CertId,
  constantTimeEqual,
  protectedPart,
  CMP_OID,
  type CertReqMsg,
  type DecodedPkiMessage,
  type FailInfoName,
} from '../../shared/cmp';
import { verifyFast } from './node-verify';
import { verifyCsr, readName, parseCertificate, serialToHex, type ParsedCertificate } from '../../shared/pki';
import { Certificate, Extensions } from '@peculiar/asn1-x509';
import { readSignerFacts, type SignerCertificate } from './signer-facts';
import { sanOf, templateSubjectDer } from './held-names';
import { MAX_CLOCK_AHEAD_SECONDS, renewalClosedReason, type CaProfilePolicy } from './policy';

export class RequestRefused extends Error {
  override readonly name = 'RequestRefused';
  constructor(
    readonly failInfo: FailInfoName,
    readonly text: string,
  ) {
    super(text);
  }
}

const refuse = (failInfo: FailInfoName, text: string): never => {
  throw new RequestRefused(failInfo, text);
};

const DAY_MS = 24 * 3600 * 1000;

/** The CA certificate is the same bytes for every request: parsed once (issue 14 §4, the profile showed it). */
interface CaFacts {
  readonly parsed: ParsedCertificate;
  /** DER of the CA's subject Name, as its certificates' issuer carries it. */
  readonly subjectDer: Uint8Array;
}
const parsedCas = new WeakMap<Uint8Array, CaFacts>();
function parsedCa(der: Uint8Array): CaFacts {
  let facts = parsedCas.get(der);
  if (!facts) {
    const parsed = parseCertificate(der);
    parsedCas.set(der, (facts = { parsed, subjectDer: new Uint8Array(AsnConvert.serialize(AsnConvert.parse(der, Certificate).tbsCertificate.subject)) }));
  }
  return facts;
}

/** The signer certificate (extraCerts[0]) must be issued by our CA and must have made the protection. */
/**
 * `issuedHere`: true when these exact DER bytes are a certificate this CA stored when it issued it — then the
 * CA's signature on it needs no check (the bytes are ours); anything else is checked against the CA key.
 */
export type IssuedHere = (serialHex: string, der: Uint8Array) => Promise<boolean>;

export async function authenticateSigner(message: DecodedPkiMessage, caCertificate: Uint8Array, issuedHere?: IssuedHere): Promise<SignerCertificate> {
  const alg = message.header.protectionAlg;
  if (!message.protection || !alg) return refuse('badMessageCheck', 'request is not protected');
  if (alg.algorithm === CMP_OID.passwordBasedMac || alg.algorithm === CMP_OID.pbmac1) {
    return refuse('notAuthorized', 'MAC protection is accepted only for unlock messages');
  }
  const signerDer = message.extraCerts[0];
  if (!signerDer) return refuse('signerNotTrusted', 'no signer certificate in extraCerts');
  const ca = parsedCa(caCertificate);
  const signer = (await storedSigner(signerDer, ca, issuedHere)) ?? (await checkedSigner(signerDer, ca, issuedHere));
  // RFC 9810 §5.1.3.3: the signature over ProtectedPart, by the key of extraCerts[0].
  const protectedOk = await verifyFast({ tbs: protectedPart(message.raw.header, message.raw.body), signatureAlgorithm: alg, signature: message.protection }, signer.spki);
  if (!protectedOk) return refuse('badMessageCheck', 'protection does not verify');
  return signer;
}

/**
 * A certificate this CA stored byte for byte, issued under the CA's subject (the same issuer bytes, so the same
 * name): its facts read from the DER without the full parse (issue 14 §4). Null for anything else.
 */
async function storedSigner(der: Uint8Array, ca: CaFacts, issuedHere: IssuedHere | undefined): Promise<SignerCertificate | null> {
  const facts = issuedHere ? readSignerFacts(der) : null;
  if (!facts || !constantTimeEqual(facts.issuer, ca.subjectDer) || (await issuedHere?.(facts.serialNumber, der)) !== true) return null;
  return { der, serialNumber: facts.serialNumber, spki: facts.spki, notBefore: facts.notBefore, notAfter: facts.notAfter, issuer: ca.parsed.subject };
}

/** Any other signer: parsed in full, issued by this CA (its name and signature). */
async function checkedSigner(der: Uint8Array, ca: CaFacts, issuedHere: IssuedHere | undefined): Promise<ParsedCertificate> {
  let signer: ParsedCertificate;
  try {
    signer = parseCertificate(der);
  } catch {
    return refuse('badDataFormat', 'signer certificate is unreadable');
  }
  const issuedByUs =
    signer.issuer.key === ca.parsed.subject.key &&
    ((await issuedHere?.(signer.serialNumber, signer.der)) === true || (await verifyFast(signer, ca.parsed.spki)));
  if (!issuedByUs) return refuse('signerNotTrusted', 'signer certificate is not issued by this CA');
  return signer;
}

export function checkMessageTime(message: DecodedPkiMessage, policy: CaProfilePolicy, now: Date): void {
  const time = message.header.messageTime;
  if (!time) return; // RFC 9483 §3.1: messageTime is RECOMMENDED, not required
  const ageSeconds = (now.getTime() - time.getTime()) / 1000;
  if (ageSeconds > policy.messageTimeWindowSeconds) refuse('badTime', `request is older than ${policy.messageTimeWindowSeconds} s`);
  if (-ageSeconds > MAX_CLOCK_AHEAD_SECONDS) refuse('badTime', 'request messageTime is in the future');
}

/** What a request asks the CA to certify; the names are only asked for — the flow decides what is issued. */
export interface CertifyOrder {
  /** The subject the request names (template or CSR), absent when it names none. */
  readonly subject?: Uint8Array;
  /** The subjectAltName the request names (template extension), absent when none. */
  readonly subjectAltName?: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly certReqId: number;
}

/** ir / cr / kur: one CertReqMsg, POPO signed by the template's key over the DER CertRequest (RFC 4211 §4.1). */
export async function checkCertReqMsg(messages: readonly CertReqMsg[]): Promise<CertifyOrder> {
  if (messages.length !== 1) return refuse('badRequest', 'exactly one certificate request is supported');
  const msg = messages[0]!;
  const template = msg.certReq.certTemplate;
  if (!template.publicKey) return refuse('badCertTemplate', 'template carries no public key');
  const publicKey = new Uint8Array(AsnConvert.serialize(template.publicKey));
  const popo = msg.popo;
  if (!popo) return refuse('badPOP', 'proof of possession is missing');
  if (!popo.signature) return refuse('badPOP', 'only a signature proof of possession is accepted');
  if (popo.signature.poposkInput) return refuse('badPOP', 'poposkInput is not accepted when the template names the subject');
  const signed = await verifyFast(
    { tbs: new Uint8Array(msg.certReqRaw ?? new ArrayBuffer(0)), signatureAlgorithm: popo.signature.algorithmIdentifier, signature: new Uint8Array(popo.signature.signature) },
    publicKey,
  );
  if (!signed) return refuse('badPOP', 'proof of possession does not verify with the new key');
  const subject = templateSubjectDer(template.subject);
  const subjectAltName = sanOf(template.extensions);
  return { ...(subject ? { subject } : {}), ...(subjectAltName ? { subjectAltName } : {}), publicKey, certReqId: msg.certReq.certReqId };
}

/** kur: oldCertID names the signer certificate, the new key is new, and the renewal window is open. */
export function checkKeyUpdate(msg: CertReqMsg, order: CertifyOrder, signer: SignerCertificate, policy: CaProfilePolicy, now: Date): void {
  // RFC 9483 §4.1.3: a kur MUST name the certificate it updates, and that is the one that protects it.
  const control = msg.certReq.controls?.find((c) => c.type === CMP_OID.regCtrlOldCertId);
  if (!control) return refuse('badCertId', 'oldCertID control is missing');
  let certId: CertId;
  try {
    certId = AsnConvert.parse(control.value, CertId);
  } catch {
    return refuse('badDataFormat', 'oldCertID is malformed');
  }
  const issuer = certId.issuer.directoryName;
  if (!issuer || readName(issuer).key !== signer.issuer.key || serialToHex(certId.serialNumber) !== signer.serialNumber) {
    refuse('badCertId', 'oldCertID does not name the certificate that protects the request');
  }
  if (constantTimeEqual(order.publicKey, signer.spki)) refuse('badCertTemplate', 'the new key must differ from the old key');
  const expiredMs = now.getTime() - signer.notAfter.getTime();
  if (expiredMs > policy.renewalGraceDays * DAY_MS) refuse('notAuthorized', renewalClosedReason(policy, Math.floor(expiredMs / DAY_MS)));
  if (now.getTime() < signer.notBefore.getTime()) refuse('badTime', 'the old certificate is not valid yet');
}

/** ir / cr / p10cr: the protecting certificate must be valid now. */
export function checkSignerValidNow(signer: SignerCertificate, now: Date): void {
  if (now < signer.notBefore || now > signer.notAfter) refuse('signerNotTrusted', 'signer certificate is not valid now');
}

/** p10cr (RFC 9483 §4.1.4): the CSR's self-signature is the proof of possession. */
export async function checkP10cr(der: Uint8Array): Promise<CertifyOrder> {
  let csr: CertificationRequest;
  let subjectAltName: Uint8Array | null;
  try {
    csr = AsnConvert.parse(der, CertificationRequest);
    // RFC 2986 §4.1 extensionRequest (PKCS#9 1.2.840.113549.1.9.14): a subjectAltName asked for in the CSR.
    const extensionRequest = csr.certificationRequestInfo.attributes.find((a) => a.type === '1.2.840.113549.1.9.14')?.values[0];
    subjectAltName = extensionRequest ? sanOf(AsnConvert.parse(extensionRequest, Extensions)) : null;
  } catch {
    return refuse('badDataFormat', 'the PKCS#10 request is malformed');
  }
  if (!(await verifyCsr(der).catch(() => false))) return refuse('badPOP', 'PKCS#10 signature does not verify');
  const info = csr.certificationRequestInfo;
  return {
    subject: new Uint8Array(AsnConvert.serialize(info.subject)),
    ...(subjectAltName ? { subjectAltName } : {}),
    publicKey: new Uint8Array(AsnConvert.serialize(info.subjectPKInfo)),
    certReqId: -1,
  };
}
