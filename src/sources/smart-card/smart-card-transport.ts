/**
 * ApduTransport over the Web Smart Card API (WICG web-smart-card; PC/SC through the OS, ChromeOS Isolated Web
 * Apps): one SmartCardConnection on a context of its own, plus a second context that watches the reader for
 * the card going away. PC/SC does the T=0/T=1 framing (libccid), so this file only moves APDUs: one exchange
 * at a time, failures typed, a disconnect reported once (STYLE.md, Ledger hw-transport).
 */
import type { ApduTransport, TransportCapabilities } from '../../apdu';
import { summarizeAtr } from '../../tpdu';
import { DeviceDisconnectedError, ExchangeGuard } from '../../usb-driver';
import { watchCardPresence, type PresenceWatch } from './card-presence-watch';
import { classifySmartCardError, isGoneCode, responseCodeOf, SmartCardServiceError } from './smart-card-errors';
import type { SmartCardConnection, SmartCardDisposition, SmartCardProtocol, SmartCardResourceManager } from './web-smart-card-types';

/** ISO 7816-4 §5.1: header 4 + Lc 1 + 255 data + Le 1; extended: 4 + 3 + 65535 + 2. */
const MAX_SHORT_APDU = 261;
const MAX_EXTENDED_APDU = 65_544;

export interface SmartCardTransportOptions {
  /** 'shared' lets the CA's own tools keep using the key; 'exclusive' keeps every other program out. */
  readonly accessMode?: 'shared' | 'exclusive';
  /**
   * Send extended APDUs. Off by default: PC/SC hides whether the reader and card take them, and under T=0 they
   * are impossible (ISO 7816-3 §12.2 has no extended case); short APDUs with command chaining always work.
   */
  readonly extendedApdu?: boolean;
}


export class SmartCardTransport implements ApduTransport {
  readonly capabilities: TransportCapabilities;
  private readonly guard: ExchangeGuard;
  private closing: Promise<void> | null = null;
  private gone: DeviceDisconnectedError | null = null;
  private readonly listeners = new Set<() => void>();
  private watch: PresenceWatch | null = null;

  private constructor(
    private readonly connection: SmartCardConnection,
    readonly readerName: string,
    readonly protocol: SmartCardProtocol | null,
    readonly atr: Uint8Array,
    readonly accessMode: 'shared' | 'exclusive',
    extended: boolean,
  ) {
    this.guard = new ExchangeGuard(readerName);
    const useExtended = extended && protocol !== 't0';
    this.capabilities = { extendedApdu: useExtended, maxCommandLength: useExtended ? MAX_EXTENDED_APDU : MAX_SHORT_APDU };
  }

  /** Connects to the card in `readerName` on a new context, reads its ATR, and starts watching for removal. */
  static async open(manager: SmartCardResourceManager, readerName: string, options: SmartCardTransportOptions = {}): Promise<SmartCardTransport> {
    const accessMode = options.accessMode ?? 'shared';
    const step = async <T>(operation: 'context' | 'connect' | 'watch', run: () => Promise<T>): Promise<T> => {
      try {
        return await run();
      } catch (error) {
        throw classifySmartCardError(error, readerName, operation);
      }
    };
    const context = await step('context', () => manager.establishContext());
    const watchContext = await step('context', () => manager.establishContext());
    const result = await step('connect', () => context.connect(readerName, accessMode, { preferredProtocols: ['t1', 't0'] }));
    const connection = result.connection;
    try {
      const status = await step('connect', () => connection.status());
      const atr = status.answerToReset ? new Uint8Array(status.answerToReset.slice(0)) : new Uint8Array(0);
      const transport = new SmartCardTransport(connection, readerName, result.activeProtocol ?? null, atr, accessMode, options.extendedApdu ?? false);
      const [first] = await step('watch', () => watchContext.getStatusChange([{ readerName, currentState: { unaware: true } }]));
      if (first) transport.watch = watchCardPresence(watchContext, readerName, first, () => transport.markGone());
      return transport;
    } catch (error) {
      await connection.disconnect('leave').catch(() => undefined);
      throw error;
    }
  }

  get isDisconnected(): boolean {
    return this.gone !== null;
  }

  onDisconnect(listener: () => void): () => void {
    if (this.gone) {
      // Subscribed too late to hear it: tell this listener once, asynchronously like the event itself.
      queueMicrotask(listener);
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  exchange(command: Uint8Array): Promise<Uint8Array> {
    return this.guard.run(this.gone, () => this.transmit(command));
  }

  private async transmit(command: Uint8Array): Promise<Uint8Array> {
    try {
      return new Uint8Array(await this.connection.transmit(command.slice()));
    } catch (error) {
      if (isGoneCode(responseCodeOf(error))) this.markGone();
      throw this.gone ?? classifySmartCardError(error, this.readerName, 'transmit');
    }
  }

  /**
   * Runs `body` inside a PC/SC transaction (SCardBeginTransaction): no other program's command lands between
   * ours, e.g. between VERIFY and the signature it allows. Ends with `leave` unless told: the card keeps its
   * selected application for our next call; close() resets it.
   */
  async withTransaction<T>(body: () => Promise<T>, endWith: SmartCardDisposition = 'leave'): Promise<T> {
    if (this.gone) throw this.gone;
    let outcome: { readonly value: T } | null = null;
    let failure: { readonly error: unknown } | null = null;
    try {
      await this.connection.startTransaction(async () => {
        try {
          outcome = { value: await body() };
        } catch (error) {
          failure = { error };
          throw error; // ends the transaction with "reset" (§startTransaction)
        }
        return endWith;
      });
    } catch (error) {
      if (failure) throw (failure as { readonly error: unknown }).error;
      if (isGoneCode(responseCodeOf(error))) this.markGone();
      throw this.gone ?? classifySmartCardError(error, this.readerName, 'transaction');
    }
    if (outcome === null) throw new SmartCardServiceError(this.readerName, 'not-transacted');
    return (outcome as { readonly value: T }).value;
  }

  /**
   * Waits for the exchange in flight, then disconnects with `reset`: a PIN verified through us must not stay
   * verified for the next program that opens the key (DESIGN.md §7).
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.guard.close();
      this.watch?.stop();
      if (!this.gone) await this.connection.disconnect('reset').catch(() => undefined);
    })();
    return this.closing;
  }

  describe(): Record<string, unknown> {
    return {
      source: 'web-smart-card',
      readerName: this.readerName,
      accessMode: this.accessMode,
      protocol: this.protocol,
      ...summarizeAtr(this.atr),
      extendedApdu: this.capabilities.extendedApdu,
      disconnected: this.isDisconnected,
    };
  }

  private markGone(): void {
    if (this.gone) return;
    this.gone = new DeviceDisconnectedError(this.readerName, `The card in ${this.readerName} is gone`);
    this.watch?.stop();
    for (const listener of this.listeners) listener();
    this.listeners.clear();
  }
}

