/**
 * PUK escrow and CA-mediated unlock over CMP general messages (issue 10 §4; genm/genp RFC 9810 §5.3.19–20).
 * - escrowKey (unprotected): genp returns the P-256 key PUKs are sealed to.
 * - pukEscrowPending / pukEscrowCommit (signed by the token's certificate from this CA, PIN verified): two phases,
 *   so a crash between "CA stored" and "token changed its PUK" never loses the PUK in use. The key serial is bound
 *   to the certificate of its first committed escrow; only it or its renewals replace it (escrow-binding.ts).
 * - unlockRequest (unprotected: the PIN may be blocked, so the token cannot sign): name, phone, key serial;
 *   rate-limited, only for a key with a committed escrow, a few open per key.
 * - unlockRelease (PBM keyed by the 解锁授权码, senderKID = request id): a wrong code spends one attempt; the right
 *   one re-seals the escrowed PUK to the app's ephemeral key and is used up in the same commit as the answer.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import {
  InfoTypeAndValue,
  UKEY_INFO_TYPE,
  ukeyInfoTypeName,
  verifyMacProtection,
  open,
  seal,
  decodeInfoValue,
  encodeInfoValue,
  EscrowPendingValue,
  EscrowReferenceValue,
  UnlockReleaseValue,
  UnlockRequestValue,
  type DecodedPkiMessage,
} from '../../../shared/cmp';
import type { CaMaterial } from '../ca-material';
import type { Outcome } from '../certificate-flow';
import { authenticateSigner, RequestRefused } from '../request-checks';
import { issuedHere } from '../requester';
import type { RequestContext, ResponseBuilder } from '../responses';
import type { CaRepository, CommitEffect, EscrowRecord, TransactionRecord } from '../storage/repository';
import { descendsFrom, mayEscrow } from './escrow-binding';
import { TokenBucket, type RateLimit } from './rate-limit';
import { newRequestId } from './unlock-codes';

export interface UnlockRequestLimits extends RateLimit {
  /** Open (filed or approved) requests a key serial may have at once. */
  readonly openPerKey: number;
}

/** 20 at once, then 10 a minute; three open requests per key (a person asking again, not a flood). */
export const DEFAULT_UNLOCK_REQUEST_LIMITS: UnlockRequestLimits = { burst: 20, perMinute: 10, openPerKey: 3 };

export interface UnlockServiceOptions {
  readonly ca: CaMaterial;
  readonly repository: CaRepository;
  readonly responses: ResponseBuilder;
  readonly now?: () => Date;
  readonly limits?: UnlockRequestLimits;
}

const MAX_FIELD = 200;

interface Answer {
  readonly reply: InfoTypeAndValue;
  /** Stored with the exchange in one database transaction; none for read-only answers. */
  readonly effects: readonly CommitEffect[];
  /** Read-only and unauthenticated (escrowKey): answered without storing anything (security review M4). */
  readonly ephemeral?: boolean;
}

export class UnlockService {
  private readonly limits: UnlockRequestLimits;
  private readonly bucket: TokenBucket;

  constructor(private readonly o: UnlockServiceOptions) {
    this.limits = o.limits ?? DEFAULT_UNLOCK_REQUEST_LIMITS;
    this.bucket = new TokenBucket(this.limits, () => this.now().getTime());
  }

  private now(): Date {
    return this.o.now?.() ?? new Date();
  }

  async handle(message: DecodedPkiMessage, context: RequestContext, transactionId: string, requestHash: string): Promise<Outcome> {
    if (message.body.type !== 'genm') throw new RequestRefused('badRequest', 'not a general message');
    const infos = [...message.body.content];
    if (infos.length !== 1) throw new RequestRefused('badRequest', 'exactly one InfoTypeAndValue is expected');
    const info = infos[0]!;
    // Every check happens in answer(), before any state changes; the changes travel as effects of the commit.
    const answer = await this.answer(message, info);
    const response = await this.o.responses.genp(context, [answer.reply]);
    if (answer.ephemeral) return { kind: 'ephemeral', response: response.der };
    const now = this.now().getTime();
    const transaction: TransactionRecord = {
      transactionId, kind: 'genm', initialHash: requestHash, profile: info.infoType, state: 'done', subject: null, publicKey: null,
      oldSerial: null, certReqId: 0, readyAt: null, lastServerNonce: response.senderNonce, createdAt: now, updatedAt: now, version: 0,
    };
    return { kind: 'commit', commit: { transaction, isNew: true, response: response.der, effects: answer.effects } };
  }

  private async answer(message: DecodedPkiMessage, info: InfoTypeAndValue): Promise<Answer> {
    const name = ukeyInfoTypeName(info.infoType);
    if (!name) throw new RequestRefused('badRequest', `infoType ${info.infoType} is not offered`);
    // Answer with our own spelling of the OID (asn1js reads 128-bit arcs back in a form it cannot re-encode).
    const infoType = UKEY_INFO_TYPE[name];
    const reply = (value?: object): InfoTypeAndValue => new InfoTypeAndValue({ infoType, ...(value ? { infoValue: encodeInfoValue(value) } : {}) });
    switch (name) {
      case 'escrowKey':
        return { reply: new InfoTypeAndValue({ infoType, infoValue: this.o.ca.escrowPublicKey.slice().buffer }), effects: [], ephemeral: true };
      case 'pukEscrowPending': {
        const signer = await authenticateSigner(message, this.o.ca.caCertificate, issuedHere(this.o.repository));
        const value = decodeInfoValue(info.infoValue, EscrowPendingValue, 'pukEscrowPending');
        checkField(value.keySerial, 'key serial');
        await this.checkEscrowSigner(value.keySerial, signer.serialNumber);
        // The box must open for this key serial, or the app would escrow something we can never release.
        await open(this.o.ca.escrowPrivateKey, new Uint8Array(value.sealedPuk), value.keySerial, 'escrow').catch(() => {
          throw new RequestRefused('badDataFormat', 'the sealed PUK does not open with the CA escrow key');
        });
        const escrowId = newRequestId();
        const record = { escrowId, keySerial: value.keySerial, sealedPuk: new Uint8Array(value.sealedPuk), state: 'pending' as const, createdAt: this.now().getTime(), certSerial: signer.serialNumber };
        return { reply: reply(new EscrowReferenceValue({ keySerial: value.keySerial, escrowId })), effects: [{ kind: 'put-escrow', record }] };
      }
      case 'pukEscrowCommit': {
        const signer = await authenticateSigner(message, this.o.ca.caCertificate, issuedHere(this.o.repository));
        const value = decodeInfoValue(info.infoValue, EscrowReferenceValue, 'pukEscrowCommit');
        await this.checkEscrowSigner(value.keySerial, signer.serialNumber);
        const pending = await this.o.repository.findEscrow(value.escrowId);
        if (!pending || pending.state !== 'pending' || pending.keySerial !== value.keySerial) {
          throw new RequestRefused('badRequest', 'no pending escrow with this id for this key');
        }
        // Only the certificate that made the pending escrow (or its renewal) commits it.
        if (!pending.certSerial || !(await descendsFrom(this.o.repository, signer.serialNumber, pending.certSerial))) {
          throw new RequestRefused('notAuthorized', 'this escrow was made by another certificate');
        }
        return {
          reply: reply(value),
          effects: [{ kind: 'commit-escrow', escrowId: value.escrowId, keySerial: value.keySerial, certSerial: signer.serialNumber, at: this.now().getTime() }],
        };
      }
      case 'unlockRequest':
        return this.fileRequest(info, reply);
      case 'unlockRelease':
        return this.release(message, info, infoType);
    }
  }

  private async checkEscrowSigner(keySerial: string, signerSerial: string): Promise<void> {
    if (!(await mayEscrow(this.o.repository, keySerial, signerSerial))) {
      throw new RequestRefused('notAuthorized', '此 UKEY 的在线解锁登记属于另一张证书 / this key’s escrow belongs to another certificate');
    }
  }

  private async fileRequest(info: InfoTypeAndValue, reply: (value?: object) => InfoTypeAndValue): Promise<Answer> {
    // Unauthenticated (the PIN may be blocked): rate-limited before anything is read or stored (review M4).
    if (!this.bucket.take()) {
      throw new RequestRefused('systemUnavail', `解锁申请过多，请 ${this.bucket.retryAfterSeconds()} 秒后再试 / too many unlock requests, retry in ${this.bucket.retryAfterSeconds()} s`);
    }
    const value = decodeInfoValue(info.infoValue, UnlockRequestValue, 'unlockRequest');
    for (const [field, label] of [[value.keySerial, 'key serial'], [value.name, 'name'], [value.phone, 'phone']] as const) checkField(field, label);
    if (!(await this.o.repository.findCommittedEscrow(value.keySerial))) {
      throw new RequestRefused('badRequest', '此 UKEY 没有登记在线解锁 / this key has no escrowed PUK');
    }
    if ((await this.o.repository.countOpenUnlockRequests(value.keySerial)) >= this.limits.openPerKey) {
      throw new RequestRefused(
        'notAuthorized',
        `此 UKEY 已有 ${this.limits.openPerKey} 个待处理的解锁申请，请联系 CA / this key already has ${this.limits.openPerKey} open unlock requests: contact the CA`,
      );
    }
    const requestId = newRequestId();
    const record = {
      requestId, keySerial: value.keySerial, name: value.name, phone: value.phone, state: 'filed' as const, sealedCode: null,
      codeExpiresAt: null, attemptsLeft: 0, createdAt: this.now().getTime(),
    };
    return { reply: reply(new EscrowReferenceValue({ keySerial: value.keySerial, escrowId: requestId })), effects: [{ kind: 'file-unlock-request', record, cap: this.limits.openPerKey }] };
  }

  /**
   * Code review defect 9: every check before any state change; the code is spent in the commit that stores the
   * answer. Review defect 4: the commit records the SHA-256 of the ephemeral key the PUK was sealed to; a repeat
   * (the app lost the answer and sent its release again) is answered only for that same key — a byte-identical
   * message from the exchange store, a re-sent one sealed to the same key — and any other key is refused, so the
   * code releases the PUK to one party only.
   */
  private async release(message: DecodedPkiMessage, info: InfoTypeAndValue, infoType: string): Promise<Answer> {
    const requestId = message.header.senderKID ? new TextDecoder().decode(message.header.senderKID) : '';
    const value = decodeInfoValue(info.infoValue, UnlockReleaseValue, 'unlockRelease');
    const request = requestId ? await this.o.repository.findUnlockRequest(requestId) : null;
    const usable = request && (request.state === 'approved' || request.state === 'used') && request.sealedCode;
    if (!usable || (request.state === 'approved' && request.attemptsLeft <= 0)) {
      throw new RequestRefused('notAuthorized', '解锁授权码无效或已用完 / the unlock code is not valid or used up');
    }
    if (request.codeExpiresAt !== null && this.now().getTime() > request.codeExpiresAt) {
      throw new RequestRefused('notAuthorized', '解锁授权码已过期 / the unlock code has expired');
    }
    const code = await open(this.o.ca.escrowPrivateKey, request.sealedCode!, request.requestId, 'code');
    const right = verifyMacProtection(message, code) && value.keySerial === request.keySerial;
    code.fill(0);
    if (request.state === 'used') {
      if (!right) throw new RequestRefused('notAuthorized', '解锁授权码已使用 / the unlock code was used');
      // Only while that PUK is still the escrowed one: once the app rotated it, the old PUK would cost a card try.
      const escrow = request.releasedEscrowId ? await this.o.repository.findEscrow(request.releasedEscrowId) : null;
      if (!escrow || escrow.state !== 'committed') throw new RequestRefused('notAuthorized', '解锁授权码已使用 / the unlock code was used');
      if (!request.releasedKeyHash || request.releasedKeyHash !== ephemeralKeyHash(value)) {
        throw new RequestRefused('notAuthorized', '解锁授权码已使用 / the unlock code was used (for another app key)');
      }
      return { reply: await this.sealFor(escrow, value, infoType), effects: [] };
    }
    if (!right) {
      // A wrong guess costs one attempt, durably, before the answer (atomic: two guesses never share one try).
      const before = await this.o.repository.takeUnlockAttempt(requestId);
      const left = before ? before.attemptsLeft - 1 : 0;
      throw new RequestRefused('notAuthorized', `解锁授权码不正确，还可尝试 ${left} 次 / wrong unlock code, ${left} attempts left`);
    }
    const escrow = await this.o.repository.findCommittedEscrow(request.keySerial);
    if (!escrow) throw new RequestRefused('badRequest', '此 UKEY 没有登记在线解锁 / this key has no escrowed PUK');
    return {
      reply: await this.sealFor(escrow, value, infoType),
      effects: [{ kind: 'release-unlock', requestId, escrowId: escrow.escrowId, keyHash: ephemeralKeyHash(value) }],
    };
  }

  private async sealFor(escrow: EscrowRecord, value: UnlockReleaseValue, infoType: string): Promise<InfoTypeAndValue> {
    const puk = await open(this.o.ca.escrowPrivateKey, escrow.sealedPuk, escrow.keySerial, 'escrow');
    try {
      const sealedForApp = await seal(new Uint8Array(value.ephemeralKey), puk, escrow.keySerial, 'release');
      return new InfoTypeAndValue({ infoType, infoValue: sealedForApp.slice().buffer });
    } catch {
      throw new RequestRefused('badDataFormat', 'the ephemeral key is not a P-256 public key');
    } finally {
      puk.fill(0);
    }
  }
}

const ephemeralKeyHash = (value: UnlockReleaseValue): string => bytesToHex(sha256(new Uint8Array(value.ephemeralKey)));

function checkField(value: string, label: string): void {
  if (value.trim() === '' || value.length > MAX_FIELD) throw new RequestRefused('badDataFormat', `${label} is empty or too long`);
}
