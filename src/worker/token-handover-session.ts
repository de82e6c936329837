/**
 * A token session that can let go of its device (issue 15 §4): callers keep one TokenSession for the token; the
 * USB claim underneath is released after a short idle time or when another window asks for it, and taken again
 * on the next call. Release never cuts a card operation: each TokenSession method is one lease, and a PIN is
 * only ever sent inside one method together with the operation it authorises (signWithPin, createCsrWithPin,
 * changePin… — VERIFY then the key operation, SP 800-73-4 Part 2 §3.2: the card forgets the PIN at power-off, so
 * releasing between the two would make the operation fail, or worse be authorised by someone else's VERIFY).
 * What the worker read from the card (facts, certificates) stays valid across a release: the same session object
 * is handed out again, so caches keyed by it are kept and a reopen costs one SELECT.
 */
import { toHex, type ApduTransport } from '../apdu';
import type {
  PinStatusPair,
  CsrRequest,
  KeyAlgorithmName,
  KeyCertificate,
  KeyRefAllocation,
  TokenFacts,
  TokenSession,
} from '../cards/seam';
import { DeviceDisconnectedError } from '../usb-driver';

export interface HandoverSessionOptions {
  /** Opens the device and the card profile again (SELECT); called after a release. */
  readonly reopen: () => Promise<TokenSession>;
  /** Release the claim this long after the last operation settled. */
  readonly idleMs: number;
  /** The device went away (unplugged): the session is dead, the next use of the token opens afresh. */
  readonly onGone: () => void;
  /** A name for errors. */
  readonly tokenId: string;
  /** The device's own unplug signal, heard also while released (no transport to report it then). */
  readonly watchGone?: (listener: () => void) => () => void;
  /**
   * Who the first card said it was (facts.serialNumber ?? facts.cardIdentifier); checked again on every reopen.
   * Null or absent: the card told no identity, only the ATR is compared.
   */
  readonly identity?: string | null;
  /** A certificate or key was written (or a write failed part-way): what anyone cached of the card is stale. */
  readonly onCardWrite?: () => Promise<void>;
  /**
   * Called before each listing of the certificates; the function it returns gets what was listed (issue 15:
   * whichever service lists the card, the origin's card cache keeps it for the next popup's worker).
   */
  readonly onListing?: () => Promise<(found: readonly KeyCertificate[]) => Promise<void>>;
}

export class HandoverSession implements TokenSession {
  readonly profileId: string;
  readonly readCertificate?: (keyRef: number) => Promise<Uint8Array | null>;
  readonly deleteCertificate?: (keyRef: number, adminKey: Uint8Array) => Promise<void>;
  readonly allocateKeyRef?: (claimed: ReadonlySet<number>) => Promise<KeyRefAllocation>;
  readonly canMoveKeys?: () => Promise<boolean>;
  readonly relocateKey?: (from: number, to: number | null, adminKey: Uint8Array) => Promise<'moved' | 'unsupported' | 'source-empty'>;

  private current: TokenSession | null;
  private last: TokenSession;
  private readonly atrHex: string;
  private unsubscribe: () => void = () => undefined;
  private readonly unwatchDevice: () => void;
  private reopening: Promise<TokenSession> | null = null;
  private inFlight = 0;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private releaseWaiters: (() => void)[] = [];
  private releasing: Promise<void> | null = null;
  /** After handing the token to another window, wait this long before claiming it again (let the asker take it). */
  private yieldUntil = 0;
  private goneFlag = false;
  private closed = false;

  constructor(first: TokenSession, private readonly options: HandoverSessionOptions) {
    this.profileId = first.profileId;
    this.current = first;
    this.last = first;
    this.atrHex = toHex(first.transport.atr);
    this.watch(first);
    // Issue 15 §4 review A: an unplug while released must be seen, or the next claim trusts a card that was away.
    this.unwatchDevice = options.watchGone?.(() => this.markGone()) ?? (() => undefined);
    // Optional profile operations exist on this session exactly when the card's profile has them.
    if (first.readCertificate) this.readCertificate = (keyRef) => this.lease((s) => s.readCertificate!(keyRef));
    if (first.deleteCertificate) this.deleteCertificate = (keyRef, adminKey) => this.writing((s) => s.deleteCertificate!(keyRef, adminKey));
    if (first.allocateKeyRef) this.allocateKeyRef = (claimed) => this.lease((s) => s.allocateKeyRef!(claimed));
    if (first.canMoveKeys) this.canMoveKeys = () => this.lease((s) => s.canMoveKeys!());
    if (first.relocateKey) this.relocateKey = (from, to, adminKey) => this.writing((s) => s.relocateKey!(from, to, adminKey));
    this.scheduleIdle();
  }

  /** The link in use, or the last one while released (its report still describes the reader). */
  get transport(): ApduTransport {
    return (this.current ?? this.last).transport;
  }

  /** Unplugged or closed for good: OpenTokens drops it and opens afresh next time. */
  get isGone(): boolean {
    return this.goneFlag || this.closed;
  }

  /** The device is not claimed by this worker right now. */
  get isReleased(): boolean {
    return this.current === null;
  }

  /** The device is claimed by this worker now, or is being claimed again (a reopen in flight). */
  get isClaiming(): boolean {
    return this.current !== null || this.reopening !== null;
  }

  readFacts(): Promise<TokenFacts> {
    return this.lease((s) => s.readFacts());
  }
  async listCertificates(): Promise<KeyCertificate[]> {
    const listed = await this.options.onListing?.();
    const found = await this.lease((s) => s.listCertificates());
    await listed?.(found);
    return found;
  }
  pinStatus(): Promise<PinStatusPair> {
    return this.lease((s) => s.pinStatus());
  }
  verifyPin(pin: string): Promise<void> {
    return this.lease((s) => s.verifyPin(pin));
  }
  changePin(currentPin: string, newPin: string): Promise<void> {
    return this.lease((s) => s.changePin(currentPin, newPin));
  }
  changeUnblockCode(currentUnblockCode: string, newUnblockCode: string): Promise<void> {
    return this.lease((s) => s.changeUnblockCode(currentUnblockCode, newUnblockCode));
  }
  unblockPin(unblockCode: string, newPin: string): Promise<void> {
    return this.lease((s) => s.unblockPin(unblockCode, newPin));
  }
  signWithPin(keyRef: number, data: Uint8Array, pin: string, algorithm?: KeyAlgorithmName): Promise<Uint8Array> {
    return this.lease((s) => s.signWithPin(keyRef, data, pin, algorithm));
  }
  createCsrWithPin(request: CsrRequest, pin: string): Promise<Uint8Array> {
    return this.lease((s) => s.createCsrWithPin(request, pin));
  }
  generateKey(keyRef: number, algorithm: KeyAlgorithmName, adminKey: Uint8Array): Promise<Uint8Array> {
    return this.writing((s) => s.generateKey(keyRef, algorithm, adminKey));
  }
  writeCertificate(keyRef: number, der: Uint8Array, adminKey: Uint8Array): Promise<void> {
    return this.writing((s) => s.writeCertificate(keyRef, der, adminKey));
  }

  /**
   * A lease that changes the card's keys or certificates; told to onCardWrite however it ends, and only then
   * settled — so a listing the caller starts next can never be stored under the generation before the write.
   */
  private async writing<T>(operation: (session: TokenSession) => Promise<T>): Promise<T> {
    try {
      return await this.lease(operation);
    } finally {
      await this.options.onCardWrite?.();
    }
  }

  /**
   * Lets go of the device as soon as no operation is in flight (at once when idle); resolves when released.
   * The session stays usable: the next call claims the device again (after `yieldMs` when handed to another window).
   */
  release(options: { yieldMs?: number } = {}): Promise<void> {
    if (options.yieldMs) this.yieldUntil = Date.now() + options.yieldMs;
    if (this.current === null && !this.reopening) return this.releasing ?? Promise.resolve();
    if (this.inFlight > 0 || this.reopening) return new Promise((resolve) => this.releaseWaiters.push(resolve));
    return this.releaseNow();
  }

  /** Closes for good (the token was forgotten or the worker stops). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    this.unwatchDevice();
    await this.release();
  }

  private async lease<T>(operation: (session: TokenSession) => Promise<T>): Promise<T> {
    if (this.isGone) throw new DeviceDisconnectedError(this.options.tokenId);
    this.inFlight++;
    clearTimeout(this.idleTimer);
    try {
      return await operation(await this.acquire());
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) this.settled();
    }
  }

  private async acquire(): Promise<TokenSession> {
    if (this.releasing) await this.releasing;
    if (this.current) return this.current;
    const wait = this.yieldUntil - Date.now();
    // Handed over on request: the asker retries its claim as soon as it hears "released"; we must not win that race.
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (this.current) return this.current;
    this.reopening ??= this.reopen().finally(() => (this.reopening = null));
    return this.reopening;
  }

  private async reopen(): Promise<TokenSession> {
    const session = await this.options.reopen();
    // ISO 7816-3 §8: a different ATR is a different card in the reader — what we know of this one does not apply.
    if (toHex(session.transport.atr) !== this.atrHex) {
      await session.close().catch(() => undefined);
      this.markGone();
      throw new DeviceDisconnectedError(this.options.tokenId, `${this.options.tokenId}: a different card answered after the token was handed over`);
    }
    // Same-model cards share an ATR and, without a USB serial, the token id (issue 15 §4 review defect A): ask the
    // card who it is, so a card swapped in while released never gets the PIN or the keys meant for the first one.
    if (session.readIdentity && this.options.identity != null) {
      const identity = await session.readIdentity().catch(async (error: unknown) => {
        await session.close().catch(() => undefined);
        throw error;
      });
      if (identity !== this.options.identity) {
        await session.close().catch(() => undefined);
        this.markGone();
        throw new DeviceDisconnectedError(this.options.tokenId, `${this.options.tokenId}: a different card answered after the token was handed over`);
      }
    }
    this.current = session;
    this.last = session;
    this.watch(session);
    return session;
  }

  private settled(): void {
    if (this.releaseWaiters.length > 0) {
      const waiters = this.releaseWaiters;
      this.releaseWaiters = [];
      void this.releaseNow().then(() => waiters.forEach((resolve) => resolve()));
      return;
    }
    this.scheduleIdle();
  }

  private scheduleIdle(): void {
    clearTimeout(this.idleTimer);
    if (this.closed || this.current === null) return;
    this.idleTimer = setTimeout(() => {
      if (this.inFlight === 0) void this.release();
    }, this.options.idleMs);
  }

  private releaseNow(): Promise<void> {
    clearTimeout(this.idleTimer);
    const session = this.current;
    if (!session) return Promise.resolve();
    this.current = null;
    this.unsubscribe(); // our own close is not an unplug
    this.releasing = session
      .close()
      .catch(() => undefined)
      .finally(() => (this.releasing = null));
    return this.releasing;
  }

  private watch(session: TokenSession): void {
    this.unsubscribe = session.transport.onDisconnect(() => {
      if (this.current === session) this.current = null;
      this.markGone();
    });
  }

  private markGone(): void {
    if (this.goneFlag) return;
    this.goneFlag = true;
    clearTimeout(this.idleTimer);
    this.unwatchDevice();
    this.releaseWaiters.splice(0).forEach((resolve) => resolve());
    this.options.onGone();
  }
}
