/**
 * PUK escrow and CA-mediated unlock over CMP general messages (issue 10 §4; genm/genp RFC 9810 §5.3.19–20).
 * - escrowKey (unprotected): genp returns the P-256 key PUKs are sealed to.
 * - pukEscrowPending / pukEscrowCommit (signed by a certificate of this CA, i.e. the token's key with its PIN):
 *   two phases, so a crash between "CA stored" and "token changed its PUK" never loses the PUK in use.
 * - unlockRequest (unprotected: the PIN may be blocked, so the token cannot sign): stores name, phone, key serial.
 * - unlockRelease (PBM keyed by the 解锁授权码, senderKID = request id): one attempt spent per try; on success
 *   the escrowed PUK is re-sealed to the app's ephemeral key and the code is used up.
 */
import { InfoTypeAndValue } from '../../../shared/cmp/asn1/header';
import type { DecodedPkiMessage } from '../../../shared/cmp/message-codec';
import { UKEY_INFO_TYPE, ukeyInfoTypeName } from '../../../shared/cmp/oids';
import { verifyMacProtection } from '../../../shared/cmp/protection';
import { open, seal } from '../../../shared/cmp/unlock/sealed-box';
import {
  decodeInfoValue,
  encodeInfoValue,
  EscrowPendingValue,
  EscrowReferenceValue,
  UnlockReleaseValue,
  UnlockRequestValue,
} from '../../../shared/cmp/unlock/unlock-asn1';
import type { CaMaterial } from '../ca-material';
import type { Outcome } from '../certificate-flow';
import { authenticateSigner, RequestRefused } from '../request-checks';
import type { RequestContext, ResponseBuilder } from '../responses';
import type { CaRepository, TransactionRecord } from '../storage/repository';
import { newRequestId } from './unlock-codes';

export interface UnlockServiceOptions {
  readonly ca: CaMaterial;
  readonly repository: CaRepository;
  readonly responses: ResponseBuilder;
  readonly now?: () => Date;
}

const MAX_FIELD = 200;

export class UnlockService {
  constructor(private readonly o: UnlockServiceOptions) {}

  private now(): Date {
    return this.o.now?.() ?? new Date();
  }

  async handle(message: DecodedPkiMessage, context: RequestContext, transactionId: string, requestHash: string): Promise<Outcome> {
    if (message.body.type !== 'genm') throw new RequestRefused('badRequest', 'not a general message');
    const infos = [...message.body.content];
    if (infos.length !== 1) throw new RequestRefused('badRequest', 'exactly one InfoTypeAndValue is expected');
    const info = infos[0]!;
    const reply = await this.answer(message, info);
    const response = await this.o.responses.genp(context, [reply]);
    const now = this.now().getTime();
    const transaction: TransactionRecord = {
      transactionId, kind: 'genm', initialHash: requestHash, profile: info.infoType, state: 'done', subject: null, publicKey: null,
      oldSerial: null, certReqId: 0, readyAt: null, lastServerNonce: response.senderNonce, createdAt: now, updatedAt: now, version: 0,
    };
    return { kind: 'commit', commit: { transaction, isNew: true, response: response.der } };
  }

  private async answer(message: DecodedPkiMessage, info: InfoTypeAndValue): Promise<InfoTypeAndValue> {
    const name = ukeyInfoTypeName(info.infoType);
    if (!name) throw new RequestRefused('badRequest', `infoType ${info.infoType} is not offered`);
    // Answer with our own spelling of the OID (asn1js reads 128-bit arcs back in a form it cannot re-encode).
    const infoType = UKEY_INFO_TYPE[name];
    const reply = (value?: object): InfoTypeAndValue => new InfoTypeAndValue({ infoType, ...(value ? { infoValue: encodeInfoValue(value) } : {}) });
    switch (name) {
      case 'escrowKey':
        return new InfoTypeAndValue({ infoType, infoValue: this.o.ca.escrowPublicKey.slice().buffer });
      case 'pukEscrowPending': {
        await authenticateSigner(message, this.o.ca.caCertificate);
        const value = decodeInfoValue(info.infoValue, EscrowPendingValue, 'pukEscrowPending');
        checkField(value.keySerial, 'key serial');
        // The box must open for this key serial, or the app would escrow something we can never release.
        await open(this.o.ca.escrowPrivateKey, new Uint8Array(value.sealedPuk), value.keySerial, 'escrow').catch(() => {
          throw new RequestRefused('badDataFormat', 'the sealed PUK does not open with the CA escrow key');
        });
        const escrowId = newRequestId();
        await this.o.repository.putEscrow({ escrowId, keySerial: value.keySerial, sealedPuk: new Uint8Array(value.sealedPuk), state: 'pending', createdAt: this.now().getTime() });
        return reply(new EscrowReferenceValue({ keySerial: value.keySerial, escrowId }));
      }
      case 'pukEscrowCommit': {
        await authenticateSigner(message, this.o.ca.caCertificate);
        const value = decodeInfoValue(info.infoValue, EscrowReferenceValue, 'pukEscrowCommit');
        if (!(await this.o.repository.commitEscrow(value.escrowId, value.keySerial))) {
          throw new RequestRefused('badRequest', 'no pending escrow with this id for this key');
        }
        return reply(value);
      }
      case 'unlockRequest': {
        const value = decodeInfoValue(info.infoValue, UnlockRequestValue, 'unlockRequest');
        for (const [field, label] of [[value.keySerial, 'key serial'], [value.name, 'name'], [value.phone, 'phone']] as const) checkField(field, label);
        const requestId = newRequestId();
        await this.o.repository.putUnlockRequest({
          requestId, keySerial: value.keySerial, name: value.name, phone: value.phone, state: 'filed', sealedCode: null,
          codeExpiresAt: null, attemptsLeft: 0, createdAt: this.now().getTime(),
        });
        return reply(new EscrowReferenceValue({ keySerial: value.keySerial, escrowId: requestId }));
      }
      case 'unlockRelease':
        return this.release(message, info, infoType);
    }
  }

  private async release(message: DecodedPkiMessage, info: InfoTypeAndValue, infoType: string): Promise<InfoTypeAndValue> {
    const requestId = message.header.senderKID ? new TextDecoder().decode(message.header.senderKID) : '';
    const value = decodeInfoValue(info.infoValue, UnlockReleaseValue, 'unlockRelease');
    const before = await this.o.repository.takeUnlockAttempt(requestId);
    if (!before || !before.sealedCode) throw new RequestRefused('notAuthorized', '解锁授权码无效或已用完 / the unlock code is not valid or used up');
    if (before.codeExpiresAt !== null && this.now().getTime() > before.codeExpiresAt) {
      throw new RequestRefused('notAuthorized', '解锁授权码已过期 / the unlock code has expired');
    }
    const code = await open(this.o.ca.escrowPrivateKey, before.sealedCode, before.requestId, 'code');
    if (!verifyMacProtection(message, code) || value.keySerial !== before.keySerial) {
      const left = before.attemptsLeft - 1;
      throw new RequestRefused('notAuthorized', `解锁授权码不正确，还可尝试 ${left} 次 / wrong unlock code, ${left} attempts left`);
    }
    if (!(await this.o.repository.markUnlockUsed(requestId))) throw new RequestRefused('notAuthorized', '解锁授权码已使用 / the unlock code was used');
    const escrow = await this.o.repository.findCommittedEscrow(before.keySerial);
    if (!escrow) throw new RequestRefused('badRequest', '此 UKEY 没有登记在线解锁 / this key has no escrowed PUK');
    const puk = await open(this.o.ca.escrowPrivateKey, escrow.sealedPuk, escrow.keySerial, 'escrow');
    const sealedForApp = await seal(new Uint8Array(value.ephemeralKey), puk, before.keySerial, 'release');
    puk.fill(0);
    return new InfoTypeAndValue({ infoType, infoValue: sealedForApp.slice().buffer });
  }
}

function checkField(value: string, label: string): void {
  if (value.trim() === '' || value.length > MAX_FIELD) throw new RequestRefused('badDataFormat', `${label} is empty or too long`);
}
