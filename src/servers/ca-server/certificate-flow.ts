/**
 * ir/cr/kur/p10cr → ip/cp/kup, pollReq → pollRep or the delayed certificate, certConf → pkiconf
 * (RFC 9810 §5.3.1–§5.3.5, §5.3.18, §5.3.22; RFC 9483 §4.1, §4.3). Every answer is returned as a commit so that
 * the service stores it together with the transaction state and any certificate before sending it.
 */
import { readTlv } from '../../shared/pki';
import type { SignerCertificate } from './signer-facts';
import {
  certificateHash,
  CMP_OID,
  constantTimeEqual,
  PKI_STATUS,
  type CertReqMessages,
  type DecodedPkiMessage,
} from '../../shared/cmp';
import type { CaMaterial } from './ca-material';
import { issueEndEntity } from './issuance';
import type { CaProfilePolicy } from './policy';
import { heldNamesOf, namesRefusal, type HeldNames } from './held-names';
import { authenticateRequester, type Requester } from './requester';
import {
  checkCertReqMsg,
  checkKeyUpdate,
  checkMessageTime,
  checkP10cr,
  checkSignerValidNow,
  RequestRefused,
  type CertifyOrder,
} from './request-checks';
import type { RequestContext, ResponseBuilder } from './responses';
import type { CaRepository, CommitEffect, ExchangeCommit, TransactionRecord } from './storage/repository';

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

  private async policyOfSigner(signer: SignerCertificate): Promise<CaProfilePolicy> {
    const record = await this.o.repository.findCertificate(signer.serialNumber);
    if (record?.status === 'revoked') throw new RequestRefused('certRevoked', 'the signer certificate is revoked');
    return this.o.policy(record?.profile);
  }

  async request(message: DecodedPkiMessage, context: RequestContext, transactionId: string, requestHash: string): Promise<Outcome> {
    const kind = message.body.type as RequestKind;
    if (await this.o.repository.findTransaction(transactionId)) {
      throw new RequestRefused('transactionIdInUse', 'this transactionID belongs to another request');
    }
    const requester = await authenticateRequester(message, this.o.ca, this.o.repository);
    const policy = requester.kind === 'holder' ? await this.policyOfSigner(requester.signer) : this.o.policy(undefined);
    const now = this.o.now();
    const base: TransactionRecord = {
      transactionId, kind, initialHash: requestHash, profile: policy.name, state: 'rejected', subject: null, publicKey: null,
      oldSerial: kind === 'kur' && requester.kind === 'holder' ? requester.signer.serialNumber : null, certReqId: kind === 'p10cr' ? -1 : 0,
      readyAt: null, lastServerNonce: null, createdAt: now.getTime(), updatedAt: now.getTime(), version: 0, requester: requester.id, confirmBy: null,
    };
    let order: Approved;
    try {
      checkMessageTime(message, policy, now);
      order = await this.order(message, requester, policy, now);
    } catch (error) {
      if (!(error instanceof RequestRefused)) throw error;
      if (requester.kind === 'enrollment') throw error; // a refused enrollment stays usable: nothing to store
      // An authenticated request that policy refuses is a transaction too: stored, and replayed identically.
      // It is not an open key update, so it never blocks the next kur of the same certificate.
      const response = await this.o.responses.error(context, error.failInfo, error.text);
      return { kind: 'commit', commit: { transaction: { ...base, lastServerNonce: response.senderNonce }, isNew: true, response: response.der } };
    }
    const transaction: TransactionRecord = { ...base, subject: order.subject, publicKey: order.publicKey, certReqId: order.certReqId };
    // The enrollment is spent in the same database transaction that stores the answer (RFC 9810 §5.1.3.1 single use).
    const effects: CommitEffect[] = requester.kind === 'enrollment' ? [{ kind: 'use-enrollment', reference: requester.enrollment.reference, transactionId }] : [];
    if (policy.issuanceDelaySeconds > 0) {
      const readyAt = now.getTime() + policy.issuanceDelaySeconds * 1000;
      const response = await this.o.responses.certificate(context, RESPONSE_TYPE[kind], order.certReqId, null, {
        waitingText: `审核中，请在 ${policy.issuanceDelaySeconds} 秒后再来领取 / under review: poll again in ${policy.issuanceDelaySeconds} s`,
      });
      return {
        kind: 'commit',
        commit: { transaction: { ...transaction, state: 'waiting', readyAt, lastServerNonce: response.senderNonce }, isNew: true, response: response.der, effects },
      };
    }
    return this.issue(message, context, { ...transaction, state: 'issued' }, true, kind, order.subjectAltName, effects);
  }

  /** What will be certified: always names the requester holds (or was enrolled for); anything else is refused. */
  private async order(message: DecodedPkiMessage, requester: Requester, policy: CaProfilePolicy, now: Date): Promise<Approved> {
    const body = message.body;
    let asked: CertifyOrder;
    if (body.type === 'p10cr') {
      const inner = readTlv(message.raw.body);
      asked = await checkP10cr(inner ? inner.content : new Uint8Array());
    } else {
      const messages = [...(body.content as CertReqMessages)];
      asked = await checkCertReqMsg(messages);
      if (body.type === 'kur') {
        if (requester.kind !== 'holder') throw new RequestRefused('notAuthorized', 'a key update is protected by the certificate it updates');
        checkKeyUpdate(messages[0]!, asked, requester.signer, policy, now);
        // Code review defect 3: one open key update per old certificate (also a partial unique index).
        const open = await this.o.repository.findOpenKeyUpdate(requester.signer.serialNumber);
        if (open) {
          throw new RequestRefused('duplicateCertReq', 'an earlier key update of this certificate is still open: confirm or poll that transaction / 此证书已有一个未完成的更新');
        }
      }
    }
    let held: HeldNames;
    if (requester.kind === 'enrollment') {
      const enrollment = requester.enrollment;
      if (enrollment.state !== 'open') throw new RequestRefused('notAuthorized', 'this enrollment reference was already used');
      if (now.getTime() > enrollment.expiresAt) throw new RequestRefused('notAuthorized', 'this enrollment reference has expired; ask the RA for a new one');
      held = { subject: enrollment.subject, subjectAltName: null };
    } else {
      if (body.type !== 'kur') checkSignerValidNow(requester.signer, now);
      held = heldNamesOf(requester.signer.der);
    }
    // Issue 14 §2 / security review C1: kur keeps the old names (RFC 9810 §5.3.5); cr/ir/p10cr of a holder get
    // only the holder's own names; an enrollment only the subject the RA registered.
    const refusal = namesRefusal(asked, held);
    if (refusal) throw new RequestRefused('badCertTemplate', refusal);
    return { publicKey: asked.publicKey, certReqId: asked.certReqId, subject: held.subject, ...(held.subjectAltName ? { subjectAltName: held.subjectAltName } : {}) };
  }

  private async issue(
    message: DecodedPkiMessage,
    context: RequestContext,
    transaction: TransactionRecord,
    isNew: boolean,
    kind: RequestKind,
    subjectAltName: Uint8Array | undefined,
    effects: readonly CommitEffect[] = [],
  ): Promise<Outcome> {
    const now = this.o.now();
    const policy = this.o.policy(transaction.profile);
    const issued = await issueEndEntity(this.o.ca, {
      subject: transaction.subject!, publicKey: transaction.publicKey!, policy, now, transactionId: transaction.transactionId,
      ...(subjectAltName ? { subjectAltName } : {}),
    });
    const implicit = wantsImplicitConfirm(message);
    const response = await this.o.responses.certificate(context, RESPONSE_TYPE[kind], transaction.certReqId, issued.der, { implicitConfirm: implicit });
    const confirmBy = implicit ? null : now.getTime() + policy.confirmDeadlineSeconds * 1000;
    return {
      kind: 'commit',
      commit: {
        transaction: { ...transaction, state: implicit ? 'confirmed' : 'issued', readyAt: null, lastServerNonce: response.senderNonce, updatedAt: now.getTime(), confirmBy },
        isNew,
        issued: implicit ? { ...issued, status: 'confirmed' } : issued,
        response: response.der,
        // Implicitly confirmed (RFC 9810 §5.1.1.1): the kur is final now, so the old certificate retires now.
        effects: implicit && kind === 'kur' && transaction.oldSerial ? [...effects, { kind: 'supersede-certificate', serial: transaction.oldSerial }] : effects,
      },
    };
  }

  /** Loads the transaction of a follow-up: the requester's own protection (M1) and recipNonce (RFC 9810 §5.1.1). */
  private async followUp(message: DecodedPkiMessage, transactionId: string): Promise<TransactionRecord> {
    const transaction = await this.o.repository.findTransaction(transactionId);
    if (!transaction) throw new RequestRefused('badRequest', 'unknown transactionID');
    await this.checkRequester(message, transaction);
    const recipNonce = message.header.recipNonce ? new Uint8Array(message.header.recipNonce) : new Uint8Array();
    if (!transaction.lastServerNonce || !constantTimeEqual(recipNonce, transaction.lastServerNonce)) {
      throw new RequestRefused('badRecipientNonce', 'recipNonce is not the CA’s last senderNonce');
    }
    return transaction;
  }

  private async checkRequester(message: DecodedPkiMessage, transaction: TransactionRecord): Promise<void> {
    const requester = await authenticateRequester(message, this.o.ca, this.o.repository, true);
    // Transactions stored before requesters were recorded carry none: any holder of this CA, as before.
    if (transaction.requester && requester.id !== transaction.requester) {
      throw new RequestRefused('notAuthorized', 'only the requester of this transaction may confirm or poll it');
    }
  }

  /** A delayed kur keeps the old certificate's subjectAltName: read it again when issuing. */
  private async heldSan(transaction: TransactionRecord): Promise<Uint8Array | undefined> {
    if (!transaction.oldSerial) return undefined;
    const old = await this.o.repository.findCertificate(transaction.oldSerial);
    return old ? (heldNamesOf(old.der).subjectAltName ?? undefined) : undefined;
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
    if (transaction.state === 'waiting') return this.issue(message, context, { ...transaction, state: 'issued' }, false, kind, await this.heldSan(transaction));
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
      await this.checkRequester(message, current);
      const cert = await this.o.repository.findCertificateOfTransaction(transactionId);
      const status = statuses.find((s) => s.certReqId === current.certReqId);
      if (!cert || !status || !isAccepted(status.statusInfo?.status) || !constantTimeEqual(new Uint8Array(status.certHash), certificateHash(cert.der))) {
        throw new RequestRefused('certConfirmed', 'the certificate of this transaction is already confirmed');
      }
      return { kind: 'ephemeral', response: (await this.o.responses.pkiConf(context)).der };
    }
    const transaction = await this.followUp(message, transactionId);
    if (transaction.state === 'expired') {
      throw new RequestRefused('notAuthorized', 'the confirmation deadline has passed and the certificate was revoked: request a new one / 确认超时，证书已吊销');
    }
    if (transaction.state !== 'issued') throw new RequestRefused('badRequest', `nothing to confirm: the transaction is ${transaction.state}`);
    if (transaction.confirmBy !== null && transaction.confirmBy !== undefined && this.o.now().getTime() > transaction.confirmBy) {
      // Past the deadline but not yet swept: revoke now, in this exchange's commit.
      const cert = await this.o.repository.findCertificateOfTransaction(transactionId);
      const response = await this.o.responses.error(context, 'notAuthorized', 'the confirmation deadline has passed and the certificate was revoked: request a new one / 确认超时，证书已吊销');
      return {
        kind: 'commit',
        commit: {
          transaction: { ...transaction, state: 'expired', lastServerNonce: response.senderNonce, updatedAt: this.o.now().getTime() },
          isNew: false,
          ...(cert ? { certificateStatus: { serial: cert.serial, status: 'revoked' as const } } : {}),
          response: response.der,
        },
      };
    }
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
        // Review defect 5: a confirmed key update retires the old certificate (RFC 9810 §5.3.5 replaces it; this
        // CA publishes no CRL, so it is marked superseded and refused as a signer from now on).
        ...(accepted && transaction.kind === 'kur' && transaction.oldSerial ? { effects: [{ kind: 'supersede-certificate' as const, serial: transaction.oldSerial }] } : {}),
        response: response.der,
      },
    };
  }
}

const isAccepted = (status: number | undefined): boolean =>
  status === undefined || status === PKI_STATUS.accepted || status === PKI_STATUS.grantedWithMods;

/** The names approved for issuance. */
interface Approved {
  readonly subject: Uint8Array;
  readonly subjectAltName?: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly certReqId: number;
}
