/**
 * Checks a CA response before anything acts on it (RFC 9810 §5.1.3 and §5.3.4, RFC 9483 §3.5): protected by a
 * signature that verifies with the PINNED CA CMP certificate, same transactionID, recipNonce = our last
 * senderNonce; then per body: status, certReqId, the returned certificate's key == our new key, its subject,
 * and its chain to a trusted CA. A protected rejection or error message throws CmpRejectedError with the CA's
 * failInfo and text; every other failure throws CmpVerificationError.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { buildChain } from '../../pki/chain';
import { readNameDer } from '../../pki/names';
import { parseCertificate } from '../../pki/parse-certificate';
import { parseSpki } from '../../pki/public-key';
import type { TrustStore } from '../../pki/trust-store';
import type { CertRepMessage } from '../asn1/bodies';
import type { InfoTypeAndValue, PkiStatusInfo } from '../asn1/header';
import { CmpRejectedError, CmpVerificationError } from '../errors';
import { decodePkiMessage, type DecodedPkiMessage } from '../message-codec';
import { verifySignatureProtection, constantTimeEqual } from '../protection';
import { failInfoNames, PKI_STATUS } from '../status';
import { readTlv } from '../../pki/der-reader';
import type { CmpTransaction } from './transaction';

export interface ResponseExpectation {
  readonly transaction: CmpTransaction;
  /** DER of the CA's CMP signer certificate: the only signer accepted. */
  readonly caCmpCertificate: Uint8Array;
  /** For certificate responses: DER SPKI of our new key. */
  readonly newPublicKey?: Uint8Array;
  /** For certificate responses: DER Name the new certificate must carry. */
  readonly subject?: Uint8Array;
  /** For certificate responses: where the new certificate's chain must end. */
  readonly trustStore?: TrustStore;
  readonly now?: Date;
  /** Which guide a CA refusal points to: renewal (default) or unlock. */
  readonly purpose?: 'renewal' | 'unlock';
}

export type CmpOutcome =
  | { readonly kind: 'certificate'; readonly certificate: Uint8Array; readonly chain: readonly Uint8Array[]; readonly transaction: CmpTransaction }
  /** RFC 9810 §5.3.22: the CA needs time; poll after checkAfter seconds (null when the CA gave none). */
  | { readonly kind: 'waiting'; readonly checkAfterSeconds: number | null; readonly reason: string; readonly transaction: CmpTransaction }
  | { readonly kind: 'confirmed'; readonly transaction: CmpTransaction }
  | { readonly kind: 'general'; readonly infos: readonly InfoTypeAndValue[]; readonly transaction: CmpTransaction };

const fail = (check: ConstructorParameters<typeof CmpVerificationError>[0], message: string): never => {
  throw new CmpVerificationError(check, message);
};

const guideOf = (expect: ResponseExpectation): 'renewal-rules' | 'unlock' => (expect.purpose === 'unlock' ? 'unlock' : 'renewal-rules');

function freeText(info: PkiStatusInfo | undefined): string {
  return info?.statusString ? [...info.statusString].join('; ') : '';
}

function failInfo(info: PkiStatusInfo): string[] {
  if (!info.failInfo) return [];
  const tlv = readTlv(new Uint8Array(info.failInfo));
  return tlv && tlv.tag === 0x03 ? failInfoNames(tlv.content) : [];
}

async function checkEnvelope(message: DecodedPkiMessage, expect: ResponseExpectation): Promise<CmpTransaction> {
  if (!message.protection) fail('unprotected', 'the CA response is not protected');
  if (!(await verifySignatureProtection(message, expect.caCmpCertificate))) {
    fail('untrusted-signer', 'the CA response is not signed by the pinned CA CMP certificate');
  }
  const header = message.header;
  const tid = header.transactionID ? new Uint8Array(header.transactionID) : new Uint8Array();
  if (!constantTimeEqual(tid, expect.transaction.transactionId)) fail('transaction-id', 'transactionID differs from ours');
  const recipNonce = header.recipNonce ? new Uint8Array(header.recipNonce) : new Uint8Array();
  if (!constantTimeEqual(recipNonce, expect.transaction.lastSenderNonce)) fail('recip-nonce', 'recipNonce is not our last senderNonce');
  const senderNonce = header.senderNonce ? new Uint8Array(header.senderNonce) : undefined;
  return { ...expect.transaction, ...(senderNonce ? { lastRecipNonce: senderNonce } : {}) };
}

async function checkCertificate(content: CertRepMessage, message: DecodedPkiMessage, expect: ResponseExpectation, transaction: CmpTransaction): Promise<CmpOutcome> {
  const response = content.response.find((r) => r.certReqId === expect.transaction.certReqId);
  if (!response || content.response.length !== 1) fail('cert-req-id', 'no single response for our certReqId');
  const status = response!.status;
  if (status.status === PKI_STATUS.waiting) {
    return { kind: 'waiting', checkAfterSeconds: null, reason: freeText(status), transaction };
  }
  if (status.status !== PKI_STATUS.accepted && status.status !== PKI_STATUS.grantedWithMods) {
    throw new CmpRejectedError(failInfo(status), freeText(status), guideOf(expect));
  }
  const certRaw = response!.certifiedKeyPair?.certOrEncCert.certificateRaw;
  if (!certRaw) return fail('missing-certificate', 'the CA granted the request but sent no certificate');
  const tlv = readTlv(new Uint8Array(certRaw));
  if (!tlv) return fail('missing-certificate', 'certificate field is malformed');
  // The schema may hand over the [0] EXPLICIT wrapper or the Certificate inside it.
  const certificate = (tlv.tag === 0xa0 ? tlv.content : tlv.raw).slice();
  const cert = parseCertificate(certificate);
  if (expect.newPublicKey) {
    const wanted = new Uint8Array(AsnConvert.serialize(parseSpki(expect.newPublicKey)));
    if (!constantTimeEqual(cert.spki, wanted)) fail('public-key', 'the certificate is not for our new key');
  }
  if (expect.subject && readNameDer(expect.subject).key !== cert.subject.key) fail('subject', 'the certificate names another subject');
  const caPubs = (content.caPubs ?? []).map((c) => new Uint8Array(AsnConvert.serialize(c)));
  const chain = [...message.extraCerts, ...caPubs];
  if (expect.trustStore) {
    const verdict = await buildChain(cert, expect.trustStore, { now: expect.now ?? new Date(), extraCertificates: chain });
    if (verdict.status !== 'trusted') fail('chain', `the certificate's chain is ${verdict.status}`);
  }
  return { kind: 'certificate', certificate, chain, transaction };
}

export async function verifyCmpResponse(der: Uint8Array, expect: ResponseExpectation): Promise<CmpOutcome> {
  const message = decodePkiMessage(der);
  const transaction = await checkEnvelope(message, expect);
  const body = message.body;
  switch (body.type) {
    case 'ip':
    case 'cp':
    case 'kup':
      return checkCertificate(body.content, message, expect, transaction);
    case 'pollRep': {
      const entry = [...body.content].find((e) => e.certReqId === expect.transaction.certReqId);
      if (!entry) return fail('cert-req-id', 'pollRep is not for our certReqId');
      return { kind: 'waiting', checkAfterSeconds: Math.max(0, entry.checkAfter), reason: entry.reason ? [...entry.reason].join('; ') : '', transaction };
    }
    case 'pkiconf':
      return { kind: 'confirmed', transaction };
    case 'genp':
      return { kind: 'general', infos: [...body.content], transaction };
    case 'error':
      throw new CmpRejectedError(
        failInfo(body.content.pkiStatusInfo),
        freeText(body.content.pkiStatusInfo) || [...(body.content.errorDetails ?? [])].join('; '),
        guideOf(expect),
      );
    default:
      return fail('unexpected-body', `unexpected ${body.type} from the CA`);
  }
}
