/**
 * ir/cr/kur/p10cr → ip/cp/kup, pollReq → pollRep or the delayed certificate, certConf → pkiconf
 * (RFC 9810 §5.3.1–§5.3.5, §5.3.18, §5.3.22; RFC 9483 §4.1, §4.3). Every answer is returned as a commit so that
 * the service stores it together with the transaction state and any certificate before sending it.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { readTlv } from '../../shared/pki/der-reader';
import type { ParsedCertificate } from '../../shared/pki/parse-certificate';
import type { CertReqMessages } from '../../shared/cmp/asn1/crmf';
import { certificateHash } from '../../shared/cmp/cert-hash';
import type { DecodedPkiMessage } from '../../shared/cmp/message-codec';
import { CMP_OID } from '../../shared/cmp/oids';
import { constantTimeEqual } from '../../shared/cmp/protection';
import { PKI_STATUS } from '../../shared/cmp/status';
import type { CaMaterial } from './ca-material';
import { issueEndEntity } from './issuance';
import type { CaProfilePolicy } from './policy';
import {
  authenticateSigner,
  checkCertReqMsg,
  checkKeyUpdate,
  checkMessageTime,
  checkP10cr,
  checkSignerValidNow,
  RequestRefused,
  type CertifyOrder,
} from './request-checks';
import type { RequestContext, ResponseBuilder } from './responses';
import type { CaRepository, ExchangeCommit, TransactionRecord } from './storage/repository';

export type Outcome =
  | { readonly kind: 'ephemeral'; readonly response: Uint8Array }
  | { readonly kind: 'commit'; readonly commit: Omit<ExchangeCommit, 'request' | 'requestHash'> };

interface FlowOptions {
  readonly ca: CaMaterial;
  readonly repository: CaRepository;
  readonly responses: ResponseBuilder;
  readonly policy: (name: string | undefined) => CaProfilePolicy;
  readonly now: () => Date;
}

const RESPONSE_TYPE = { ir: 'ip', cr: 'cp', p10cr: 'cp', kur: 'kup' } as const;
type RequestKind = keyof typeof RESPONSE_TYPE;

const wantsImplicitConfirm = (message: DecodedPkiMessage): boolean =>
  (message.header.generalInfo ?? []).some((info) => info.infoType === CMP_OID.implicitConfirm);

export class CertificateFlow {
  constructor(private readonly o: FlowOptions) {}

  private async policyOfSigner(signer: ParsedCertificate): Promise<CaProfilePolicy> {
    const record = await this.o.repository.findCertificate(signer.serialNumber);
    if (record?.status === 'revoked') throw new RequestRefused('certRevoked', 'the signer certificate is revoked');
    return this.o.policy(record?.profile);
  }

  async request(message: DecodedPkiMessage, context: RequestContext, transactionId: string, requestHash: string): Promise<Outcome> {
    const kind = message.body.type as RequestKind;
    if (await this.o.repository.findTransaction(transactionId)) {
      throw new RequestRefused('transactionIdInUse', 'this transactionID belongs to another request');
    }
    const signer = await authenticateSigner(message, this.o.ca.caCertificate);
    const policy = await this.policyOfSigner(signer);
    const now = this.o.now();
    const base: TransactionRecord = {
      transactionId, kind, initialHash: requestHash, profile: policy.name, state: 'rejected', subject: null, publicKey: null,
      oldSerial: kind === 'kur' ? signer.serialNumber : null, certReqId: kind === 'p10cr' ? -1 : 0, readyAt: null,
      lastServerNonce: null, createdAt: now.getTime(), updatedAt: now.getTime(), version: 0,
    };
    let order: CertifyOrder;
    try {
      checkMessageTime(message, policy, now);
      order = await this.order(message, signer, policy, now);
    } catch (error) {
      if (!(error instanceof RequestRefused)) throw error;
      // An authenticated request that policy refuses is a transaction too: stored, and replayed identically.
      const response = await this.o.responses.error(context, error.failInfo, error.text);
      return { kind: 'commit', commit: { transaction: { ...base, lastServerNonce: response.senderNonce }, isNew: true, response: response.der } };
    }
    const transaction: TransactionRecord = { ...base, subject: order.subject, publicKey: order.publicKey, certReqId: order.certReqId };
    if (policy.issuanceDelaySeconds > 0) {
      const readyAt = now.getTime() + policy.issuanceDelaySeconds * 1000;
      const response = await this.o.responses.certificate(context, RESPONSE_TYPE[kind], order.certReqId, null, {
        waitingText: `审核中，请在 ${policy.issuanceDelaySeconds} 秒后再来领取 / under review: poll again in ${policy.issuanceDelaySeconds} s`,
      });
      return { kind: 'commit', commit: { transaction: { ...transaction, state: 'waiting', readyAt, lastServerNonce: response.senderNonce }, isNew: true, response: response.der } };
    }
    return this.issue(message, context, { ...transaction, state: 'issued' }, true, kind);
  }

  private async order(message: DecodedPkiMessage, signer: ParsedCertificate, policy: CaProfilePolicy, now: Date): Promise<CertifyOrder> {
    const body = message.body;
    if (body.type === 'p10cr') {
      checkSignerValidNow(signer, now);
      const inner = readTlv(message.raw.body);
      return checkP10cr(inner ? inner.content : new Uint8Array());
    }
    const messages = [...(body.content as CertReqMessages)];
    const subjectDer = subjectDerOf(signer.der);
    const order = await checkCertReqMsg(messages, subjectDer);
    if (body.type === 'kur') {
      checkKeyUpdate(messages[0]!, order, signer, policy, now);
      // RFC 9810 §5.3.5: the updated certificate keeps the subject; we copy the old DER Name exactly.
      return { ...order, subject: subjectDer };
    }
    checkSignerValidNow(signer, now);
    return order;
  }

  private async issue(message: DecodedPkiMessage, context: RequestContext, transaction: TransactionRecord, isNew: boolean, kind: RequestKind): Promise<Outcome> {
    const now = this.o.now();
    const policy = this.o.policy(transaction.profile);
    const issued = await issueEndEntity(this.o.ca, {
      subject: transaction.subject!, publicKey: transaction.publicKey!, policy, now, transactionId: transaction.transactionId,
    });
    const implicit = wantsImplicitConfirm(message);
    const response = await this.o.responses.certificate(context, RESPONSE_TYPE[kind], transaction.certReqId, issued.der, { implicitConfirm: implicit });
    return {
      kind: 'commit',
      commit: {
        transaction: { ...transaction, state: implicit ? 'confirmed' : 'issued', readyAt: null, lastServerNonce: response.senderNonce, updatedAt: now.getTime() },
        isNew,
        issued: implicit ? { ...issued, status: 'confirmed' } : issued,
        response: response.der,
      },
    };
  }

  /** Loads the transaction of a follow-up and checks its protection and recipNonce (RFC 9810 §5.1.1). */
  private async followUp(message: DecodedPkiMessage, transactionId: string): Promise<TransactionRecord> {
    const transaction = await this.o.repository.findTransaction(transactionId);
    if (!transaction) throw new RequestRefused('badRequest', 'unknown transactionID');
    await authenticateSigner(message, this.o.ca.caCertificate);
    const recipNonce = message.header.recipNonce ? new Uint8Array(message.header.recipNonce) : new Uint8Array();
    if (!transaction.lastServerNonce || !constantTimeEqual(recipNonce, transaction.lastServerNonce)) {
      throw new RequestRefused('badRecipientNonce', 'recipNonce is not the CA’s last senderNonce');
    }
    return transaction;
  }

  async poll(message: DecodedPkiMessage, context: RequestContext, transactionId: string): Promise<Outcome> {
    const transaction = await this.followUp(message, transactionId);
    const kind = transaction.kind as RequestKind;
    const now = this.o.now().getTime();
    if (transaction.state === 'waiting' && transaction.readyAt !== null && now < transaction.readyAt) {
      const checkAfter = Math.ceil((transaction.readyAt - now) / 1000);
      const response = await this.o.responses.pollRep(context, transaction.certReqId, checkAfter, `审核中 / under review`);
      return { kind: 'commit', commit: { transaction: { ...transaction, lastServerNonce: response.senderNonce, updatedAt: now }, isNew: false, response: response.der } };
    }
    if (transaction.state === 'waiting') return this.issue(message, context, { ...transaction, state: 'issued' }, false, kind);
    if (transaction.state === 'issued') {
      // The answer to an earlier poll was lost: send the same certificate again (never a second one).
      const cert = await this.o.repository.findCertificateOfTransaction(transactionId);
      const response = await this.o.responses.certificate(context, RESPONSE_TYPE[kind], transaction.certReqId, cert ? cert.der : null);
      return { kind: 'commit', commit: { transaction: { ...transaction, lastServerNonce: response.senderNonce, updatedAt: now }, isNew: false, response: response.der } };
    }
    throw new RequestRefused('badRequest', `nothing to poll: the transaction is ${transaction.state}`);
  }

  async confirm(message: DecodedPkiMessage, context: RequestContext, transactionId: string): Promise<Outcome> {
    if (message.body.type !== 'certConf') throw new RequestRefused('badRequest', 'not a certConf');
    const statuses = [...message.body.content];
    const current = await this.o.repository.findTransaction(transactionId);
    if (current?.state === 'confirmed') {
      // A client that re-sent its kur got the stored kup again and confirms once more: same certificate,
      // nothing changes, so we acknowledge without the nonce chain (which the replayed kup could not extend).
      await authenticateSigner(message, this.o.ca.caCertificate);
      const cert = await this.o.repository.findCertificateOfTransaction(transactionId);
      const status = statuses.find((s) => s.certReqId === current.certReqId);
      if (!cert || !status || !isAccepted(status.statusInfo?.status) || !constantTimeEqual(new Uint8Array(status.certHash), certificateHash(cert.der))) {
        throw new RequestRefused('certConfirmed', 'the certificate of this transaction is already confirmed');
      }
      return { kind: 'ephemeral', response: (await this.o.responses.pkiConf(context)).der };
    }
    const transaction = await this.followUp(message, transactionId);
    if (transaction.state !== 'issued') throw new RequestRefused('badRequest', `nothing to confirm: the transaction is ${transaction.state}`);
    const cert = await this.o.repository.findCertificateOfTransaction(transactionId);
    const status = statuses.find((s) => s.certReqId === transaction.certReqId);
    if (!cert || !status || statuses.length !== 1) throw new RequestRefused('badRequest', 'certConf does not name our certReqId');
    if (!constantTimeEqual(new Uint8Array(status.certHash), certificateHash(cert.der))) {
      throw new RequestRefused('badCertId', 'certHash does not match the issued certificate');
    }
    // RFC 9810 §5.3.18: an absent statusInfo means accepted; a rejection makes the CA revoke the certificate.
    const accepted = isAccepted(status.statusInfo?.status);
    const response = await this.o.responses.pkiConf(context);
    return {
      kind: 'commit',
      commit: {
        transaction: { ...transaction, state: accepted ? 'confirmed' : 'rejected', lastServerNonce: response.senderNonce, updatedAt: this.o.now().getTime() },
        isNew: false,
        certificateStatus: { serial: cert.serial, status: accepted ? 'confirmed' : 'revoked' },
        response: response.der,
      },
    };
  }
}

const isAccepted = (status: number | undefined): boolean =>
  status === undefined || status === PKI_STATUS.accepted || status === PKI_STATUS.grantedWithMods;

/** The subject Name of a certificate as its exact DER. */
function subjectDerOf(certificateDer: Uint8Array): Uint8Array {
  return new Uint8Array(AsnConvert.serialize(AsnConvert.parse(certificateDer, Certificate).tbsCertificate.subject));
}
