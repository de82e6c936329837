/**
 * The worker's UnlockService (issue 10 §4): registration for online unlock (random unblock code escrowed with the CA in
 * two phases, src/flows/unlock/escrow-machine.ts), unlock requests, and redeeming the operator's 解锁授权码 — the CA
 * releases the escrowed unblock code sealed to an ephemeral key in a MAC-protected genp (RFC 9810 §5.3.19–20), the card
 * unblocks the PIN with it once (TokenSession.unblockPin), and the unblock code is rotated through the escrow again.
 */
import {
  CmpRejectedError,
  UKEY_INFO_TYPE,
  buildEscrowCommit,
  buildEscrowKeyQuery,
  buildEscrowPending,
  buildUnlockRelease,
  buildUnlockRequest,
  openReleasedPuk,
  readEscrowKey,
  readEscrowReference,
} from '../shared/cmp';
import { WrongPinError, PinBlockedError } from '../apdu';
import { subjectFromCertificate } from '../shared/pki';
import {
  readCodeRefusal,
  EscrowedUnblockCodeRejectedError,
  UnlockCodeRejectedError,
  UnlockStateError,
  runEscrow,
  isRegistered,
  MemoryEscrowRecordStore,
  MemoryUnlockRequestStore,
  randomUnblockCode,
  type EscrowCaPort,
  type EscrowPhase,
  type EscrowRecord,
  type EscrowRecordStore,
  type UnlockRequestStore,
} from '../flows/unlock';
import { serializeError, UKeyError } from '../shared/errors';
import { JobLostError } from './jobs-errors';
import type { OpenTokens } from './open-tokens';
import { exchangeRequest, exchangeWithCa, type UnlockCaOptions } from './unlock-ca-port';
import type { RedeemUnlockParams, RegisterUnlockParams, UnlockApi, UnlockResult, UnlockStatus } from './unlock-api';
import { escrowCardPort, tokenSender, tokenSession } from './unlock-token-port';
import { UnlockCaUnknownError } from './ca-service-errors';
import { defaultTokenLocks, tokenAdminLock, type TokenLockManager } from './token-locks';
import { DEMO_TOKEN_ID } from '../sources';

export interface UnlockServiceOptions extends UnlockCaOptions {
  /** Durable phase records (the lead backs it with IndexedDB); default in memory. */
  readonly escrowStore?: EscrowRecordStore;
  readonly requestStore?: UnlockRequestStore;
  readonly now?: () => Date;
  /**
   * Overrides the factory unblock code the card's profile documents (TokenFacts.factoryUnblockCode); tests only. A card
   * without one (the issuer sets the code) makes the holder state the current one.
   */
  readonly factoryUnblockCode?: string;
  /** The CA above is the demo CA (its key is public): it serves the demo token only (issue 14 §3). */
  readonly demoOnly?: boolean;
  /** Cross-window token locks (token-locks.ts); default navigator.locks. */
  readonly locks?: TokenLockManager;
}

interface CardUnblockCodeFacts {
  readonly factoryUnblockCode: string | null;
  readonly tellsFactory: boolean;
}

/** Told each step of an unlock or escrow run (a job's progress, jobs-service.ts). */
export type UnlockReport = (step: { readonly phase: EscrowPhase } | { readonly step: 'releasing' | 'unblocking' }) => void;
const silent: UnlockReport = () => undefined;

export class UnlockService implements UnlockApi {
  private readonly escrows: EscrowRecordStore;
  private readonly requests: UnlockRequestStore;
  private readonly recipient: Uint8Array;
  /**
   * One run per token at a time: two tabs must not interleave unblock-code changes. Each window has its own worker, so
   * the queue holds this worker's runs and the token's admin lock (navigator.locks) the other windows' — the
   * same lock renewal takes (issue 15 §2).
   */
  private readonly queue = new Map<string, Promise<unknown>>();
  private readonly locks: TokenLockManager;

  constructor(
    private readonly tokens: OpenTokens,
    private readonly options: UnlockServiceOptions,
  ) {
    this.escrows = options.escrowStore ?? new MemoryEscrowRecordStore();
    this.requests = options.requestStore ?? new MemoryUnlockRequestStore();
    this.recipient = subjectFromCertificate(options.caCertificate);
    this.locks = options.locks ?? defaultTokenLocks();
  }

  /** The demo CA never sees a real token's escrow or unlock request (issue 14 §3). */
  private assertCaServes(tokenId: string): void {
    if (this.options.demoOnly && tokenId !== DEMO_TOKEN_ID) throw new UnlockCaUnknownError();
  }

  async unlockStatus(tokenId: string): Promise<UnlockStatus> {
    const { session, keySerial } = await tokenSession(this.tokens, tokenId, null);
    const [record, request, pins, card] = await Promise.all([this.escrows.get(tokenId), this.requests.get(tokenId), session.pinStatus(), this.cardFacts(tokenId)]);
    return {
      tokenId,
      keySerial,
      escrowPhase: record?.keySerial === keySerial ? record.phase : null,
      registered: record?.keySerial === keySerial && isRegistered(record),
      request: request && request.keySerial === keySerial ? { requestId: request.requestId, filedAt: new Date(request.filedAt).toISOString() } : null,
      unblockCodeTriesLeft: pins.unblockCode?.attemptsRemaining ?? null,
      pinBlocked: pins.pin.blocked,
      unblockCodeRequired: card.factoryUnblockCode === null || pins.unblockCode?.isDefault === false,
    };
  }

  registerOnlineUnlock(params: RegisterUnlockParams): Promise<UnlockResult> {
    return this.registerReporting(params, silent);
  }

  registerReporting(params: RegisterUnlockParams, report: UnlockReport): Promise<UnlockResult> {
    this.assertCaServes(params.tokenId);
    return this.serial(params.tokenId, async () => {
      const { keySerial } = await tokenSession(this.tokens, params.tokenId, null);
      const existing = await this.escrows.get(params.tokenId);
      const unfinished = existing && existing.keySerial === keySerial && existing.phase !== 'committed' && existing.phase !== 'kept-old';
      const card = await this.cardFacts(params.tokenId);
      // The unblock code is never guessed (a wrong one spends a try): the documented factory one only where the card has
      // one and does not deny still holding it; otherwise the holder states it.
      const currentUnblockCode = params.currentUnblockCode ?? card.factoryUnblockCode;
      if (!unfinished && params.currentUnblockCode === undefined && (currentUnblockCode === null || (await this.unblockCodeIsFactory(params.tokenId)) === false)) {
        throw new UnlockStateError('unblock-code-needed', currentUnblockCode === null ? 'the card has no documented factory unblock code: enter the current one' : 'the card says its unblock code is not the factory one: enter the current one');
      }
      const shown = { unblockCode: null as string | null };
      const committedBefore = existing?.keySerial === keySerial && isRegistered(existing);
      const start = unfinished || currentUnblockCode === null ? null : { tokenId: params.tokenId, keySerial, currentUnblockCode, committedBefore };
      const record = await runEscrow(unfinished ? existing : null, start, this.ports(params.tokenId, keySerial, params.pin, shown, report, card));
      return { status: await this.unlockStatus(params.tokenId), newUnblockCode: params.revealNewUnblockCode && record.phase === 'committed' ? shown.unblockCode : null, rotationError: null };
    });
  }

  resumeEscrow(params: { tokenId: string; pin?: string }): Promise<UnlockStatus> {
    return this.resumeEscrowReporting(params, silent);
  }

  resumeEscrowReporting(params: { tokenId: string; pin?: string }, report: UnlockReport): Promise<UnlockStatus> {
    this.assertCaServes(params.tokenId);
    return this.serial(params.tokenId, async () => {
      const { keySerial } = await tokenSession(this.tokens, params.tokenId, null);
      const existing = await this.escrows.get(params.tokenId);
      if (existing?.keySerial !== keySerial) throw new UnlockStateError('unknown-request', 'no online-unlock registration of this key in this app');
      await runEscrow(existing, null, this.ports(params.tokenId, keySerial, params.pin ?? null, { unblockCode: null }, report, await this.cardFacts(params.tokenId)));
      return this.unlockStatus(params.tokenId);
    });
  }

  async fileUnlockRequest(params: { tokenId: string; name: string; phone: string }): Promise<UnlockStatus> {
    this.assertCaServes(params.tokenId);
    const { keySerial } = await tokenSession(this.tokens, params.tokenId, null);
    const outcome = await exchangeRequest(this.options, buildUnlockRequest({ recipient: this.recipient, keySerial, name: params.name.trim(), phone: params.phone.trim() }));
    const { escrowId: requestId } = readEscrowReference(outcome, UKEY_INFO_TYPE.unlockRequest);
    await this.requests.put(params.tokenId, { keySerial, requestId, filedAt: this.now().getTime() });
    return this.unlockStatus(params.tokenId);
  }

  redeemUnlockCode(params: RedeemUnlockParams): Promise<UnlockResult> {
    return this.redeemReporting(params, silent);
  }

  /** What the escrow store holds for a token (a job's state after the worker that ran it is gone). */
  savedEscrowPhase(tokenId: string): Promise<EscrowPhase | null> {
    return this.escrows.get(tokenId).then((r) => r?.phase ?? null);
  }

  redeemReporting(params: RedeemUnlockParams, report: UnlockReport): Promise<UnlockResult> {
    this.assertCaServes(params.tokenId);
    return this.serial(params.tokenId, async () => {
      const request = await this.requests.get(params.tokenId);
      if (!request) throw new UnlockStateError('unknown-request', 'no unlock request was filed from this app for this key');
      const { session, keySerial } = await tokenSession(this.tokens, params.tokenId, request.keySerial);
      const card = await this.cardFacts(params.tokenId);
      report({ step: 'releasing' });
      const release = await buildUnlockRelease({ recipient: this.recipient, requestId: request.requestId, code: params.code.trim(), keySerial });
      const outcome = await exchangeRequest(this.options, release.request).catch((error: unknown) => {
        if (error instanceof CmpRejectedError && error.failInfo.includes('notAuthorized')) {
          const refusal = readCodeRefusal(error.reason);
          throw new UnlockCodeRejectedError(refusal.reason, refusal.attemptsLeft, error.reason);
        }
        throw error;
      });
      const unblockCodeBytes = await openReleasedPuk(outcome, release.ephemeralPrivateKey, keySerial);
      const unblockCode = new TextDecoder().decode(unblockCodeBytes);
      unblockCodeBytes.fill(0);
      // The code is spent: the request is done whatever the card says next.
      await this.requests.delete(params.tokenId);
      report({ step: 'unblocking' });
      try {
        await session.unblockPin(unblockCode, params.newPin); // once; a refusal is never retried
      } catch (error) {
        if (error instanceof WrongPinError) throw new EscrowedUnblockCodeRejectedError(error.attemptsRemaining, 'the card refused the unblock code the CA released');
        if (error instanceof PinBlockedError) throw new EscrowedUnblockCodeRejectedError(0, 'the unblock code is blocked on the card');
        throw error;
      }
      // Rotate: the released unblock code has been seen by this app, so a new one is escrowed (signed with the new PIN).
      // A failure here leaves the record to resume; the unlock itself already succeeded, so the failure is
      // returned beside it (review defect 7: told to the user, never swallowed), not thrown.
      const shown = { unblockCode: null as string | null };
      let rotationError: UnlockResult['rotationError'] = null;
      const rotated = await runEscrow(null, { tokenId: params.tokenId, keySerial, currentUnblockCode: unblockCode, committedBefore: true }, this.ports(params.tokenId, keySerial, params.newPin, shown, report, card)).catch(
        (error: unknown) => {
          rotationError = serializeError(error instanceof UKeyError ? error : new JobLostError(`rotation:${params.tokenId}`, 'internal', String(error)));
          return null;
        },
      );
      return { status: await this.unlockStatus(params.tokenId), newUnblockCode: params.revealNewUnblockCode && rotated?.phase === 'committed' ? shown.unblockCode : null, rotationError };
    });
  }

  private ports(tokenId: string, keySerial: string, pin: string | null, shown: { unblockCode: string | null }, report: UnlockReport, card: CardUnblockCodeFacts) {
    const ca: EscrowCaPort = {
      storePending: pin === null ? null : async (unblockCode) => {
        const sender = await tokenSender(this.tokens, tokenId, keySerial, this.options.caCertificate, pin);
        const escrowKey = readEscrowKey(await exchangeRequest(this.options, buildEscrowKeyQuery(this.recipient)));
        // `puk` is the CMP escrow message's field name (src/shared/cmp, our CA's wire format): kept.
        const pending = await exchangeRequest(this.options, await buildEscrowPending({ sender, recipient: this.recipient, keySerial, puk: new TextEncoder().encode(unblockCode), escrowKey }));
        const { escrowId } = readEscrowReference(pending);
        const commit = await buildEscrowCommit({ sender, recipient: this.recipient, keySerial, escrowId });
        return { escrowId, commit };
      },
      sendCommit: async (der, transaction) => void (await exchangeWithCa(this.options, der, transaction)),
    };
    return {
      card: escrowCardPort(this.tokens, tokenId, keySerial),
      ca,
      // Each phase is told after it is durable: the job's progress, and the window's sign the run is alive.
      store: {
        get: (id: string) => this.escrows.get(id),
        put: async (record: EscrowRecord) => {
          await this.escrows.put(record);
          report({ phase: record.phase });
        },
      },
      factoryUnblockCode: card.factoryUnblockCode,
      cardTellsFactory: card.tellsFactory,
      now: () => this.now().getTime(),
      newUnblockCode: () => (shown.unblockCode = randomUnblockCode()),
    };
  }

  private async unblockCodeIsFactory(tokenId: string): Promise<boolean | null> {
    return (await (await this.tokens.get(tokenId)).session.pinStatus()).unblockCode?.isDefault ?? null;
  }

  /** What the card's profile says about its unblock code: the documented factory value, and whether it reads "still factory". */
  private async cardFacts(tokenId: string): Promise<CardUnblockCodeFacts> {
    const facts = await (await this.tokens.get(tokenId)).session.readFacts();
    return { factoryUnblockCode: this.options.factoryUnblockCode ?? facts.factoryUnblockCode ?? null, tellsFactory: facts.readsTriesWithoutSpending };
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private serial<T>(tokenId: string, run: () => Promise<T>): Promise<T> {
    const before = this.queue.get(tokenId) ?? Promise.resolve();
    const next = before.catch(() => undefined).then(async () => {
      const { info } = await this.tokens.get(tokenId);
      return this.locks.request(tokenAdminLock(info.serialNumber ?? info.cardIdentifier ?? tokenId), run);
    });
    this.queue.set(tokenId, next);
    return next;
  }
}
