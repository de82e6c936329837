/**
 * A device source over the Web Smart Card API (issue 11 §3): list readers, wait for a card, open an
 * ApduTransport on it. On ChromeOS the OS's PC/SC stack (libccid) drives every CCID reader and token it knows,
 * TPDU T=0/T=1 included, so every registered card profile runs over it unchanged.
 */
import { NotSupportedError } from '../../shared/errors';
import { classifySmartCardError, isGoneCode, responseCodeOf } from './smart-card-errors';
import { SmartCardTransport, type SmartCardTransportOptions } from './smart-card-transport';
import {
  PNP_NOTIFICATION_READER,
  type SmartCardContext,
  type SmartCardReaderStateIn,
  type SmartCardReaderStateOut,
  type SmartCardResourceManager,
} from './web-smart-card-types';

/** What a reader shows right now (plain data, for the pairing screen and the diagnostics export). */
export interface ReaderSnapshot {
  readonly readerName: string;
  readonly present: boolean;
  /** Another program is connected (shared) or holds it exclusively. */
  readonly inUse: boolean;
  readonly exclusive: boolean;
  readonly mute: boolean;
  readonly unavailable: boolean;
  readonly eventCount: number;
  readonly atr: Uint8Array;
}

export interface WaitForCardOptions {
  readonly signal?: AbortSignal;
  /** Only this reader; any reader when absent. */
  readonly readerName?: string;
  /** How often to list readers again (PnP notifications usually come sooner). */
  readonly pollMs?: number;
}

const DEFAULT_POLL_MS = 1000;
const POLL = Symbol('poll');

function snapshotOf(out: SmartCardReaderStateOut): ReaderSnapshot {
  const s = out.eventState;
  return {
    readerName: out.readerName,
    present: s.present && !s.empty,
    inUse: s.inuse,
    exclusive: s.exclusive,
    mute: s.mute,
    unavailable: s.unavailable || s.unknown,
    eventCount: out.eventCount,
    atr: out.answerToReset ? new Uint8Array(out.answerToReset.slice(0)) : new Uint8Array(0),
  };
}

function asStateIn(s: ReaderSnapshot): SmartCardReaderStateIn {
  return {
    readerName: s.readerName,
    currentState: { present: s.present, empty: !s.present, inuse: s.inUse, exclusive: s.exclusive, mute: s.mute, unavailable: s.unavailable },
    currentCount: s.eventCount,
  };
}

/** `navigator.smartCard` where this realm has it (IWA window), else undefined. */
export function platformSmartCard(): SmartCardResourceManager | undefined {
  const nav = (globalThis as { navigator?: { smartCard?: SmartCardResourceManager } }).navigator;
  return nav?.smartCard;
}

export class SmartCardSource {
  private pnpSupported = true;

  private constructor(
    readonly manager: SmartCardResourceManager,
    private readonly context: SmartCardContext,
  ) {}

  /** Establishes the context used for listing and watching; transports get contexts of their own. */
  static async open(manager: SmartCardResourceManager | undefined = platformSmartCard()): Promise<SmartCardSource> {
    if (!manager || typeof manager.establishContext !== 'function') {
      throw new NotSupportedError('Web Smart Card API', 'navigator.smartCard is only available in an Isolated Web App', 'browser-versions');
    }
    try {
      return new SmartCardSource(manager, await manager.establishContext());
    } catch (error) {
      throw classifySmartCardError(error, '', 'context');
    }
  }

  async listReaders(): Promise<string[]> {
    try {
      return await this.context.listReaders();
    } catch (error) {
      throw classifySmartCardError(error, '', 'list');
    }
  }

  /** Every reader's state now (a getStatusChange with "unaware", which answers at once). */
  async snapshot(readerName?: string): Promise<ReaderSnapshot[]> {
    const names = (await this.listReaders()).filter((n) => readerName === undefined || n === readerName);
    if (names.length === 0) return [];
    try {
      const states = await this.context.getStatusChange(names.map((n) => ({ readerName: n, currentState: { unaware: true } })));
      return states.map(snapshotOf);
    } catch (error) {
      throw classifySmartCardError(error, readerName ?? '', 'watch');
    }
  }

  /** Resolves with the first reader that holds a card that answers; a USB token counts as reader + card. */
  async waitForCard(options: WaitForCardOptions = {}): Promise<ReaderSnapshot> {
    for (;;) {
      options.signal?.throwIfAborted();
      const states = await this.snapshot(options.readerName);
      const ready = states.find((s) => s.present && !s.mute);
      if (ready) return ready;
      await this.waitForChange(states, options);
    }
  }

  /** Connects to the card in `readerName` (see SmartCardTransport for modes and why extended APDUs are off). */
  openTransport(readerName: string, options: SmartCardTransportOptions = {}): Promise<SmartCardTransport> {
    return SmartCardTransport.open(this.manager, readerName, options);
  }

  private async waitForChange(states: readonly ReaderSnapshot[], options: WaitForCardOptions): Promise<void> {
    // An abort that came while we listed readers fired no event we could hear: check before listening.
    options.signal?.throwIfAborted();
    const abort = new AbortController();
    const onUserAbort = (): void => abort.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', onUserAbort, { once: true });
    const usePnp = this.pnpSupported;
    // List again every pollMs even with PnP: a stack that compares the reader count at call time (older
    // pcsc-lite) would miss a token plugged in between our listReaders and this call.
    const timer = setTimeout(() => abort.abort(POLL), options.pollMs ?? DEFAULT_POLL_MS);
    const watched: SmartCardReaderStateIn[] = states.map(asStateIn);
    // The PnP reader's count is the number of readers we know (the high word of dwCurrentState, as WinSCard does).
    if (usePnp) watched.push({ readerName: PNP_NOTIFICATION_READER, currentState: {}, currentCount: states.length });
    try {
      if (watched.length === 0) await new Promise<void>((resolve) => abort.signal.addEventListener('abort', () => resolve(), { once: true }));
      else await this.context.getStatusChange(watched, { signal: abort.signal });
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (abort.signal.reason === POLL) return;
      const code = responseCodeOf(error);
      if (code === 'unknown-reader' && usePnp) {
        this.pnpSupported = false; // this PC/SC stack has no reader-change notification
        return;
      }
      if (isGoneCode(code)) return; // a reader went away while we waited: list again
      throw classifySmartCardError(error, options.readerName ?? '', 'watch');
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onUserAbort);
    }
    if (options.signal?.aborted) throw options.signal.reason;
  }
}
