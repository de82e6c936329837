/**
 * The window's half of the Web Smart Card relay (issue 15 §4): Chrome exposes `navigator.smartCard` to windows
 * only (WICG web-smart-card `[Exposed=Window]`, shipped for Isolated Web Apps), so the window answers the driver
 * worker's PC/SC calls over a MessagePort (wire format: src/shared/smart-card-relay/protocol.ts). The window only
 * moves calls: it never reads, logs or keeps what crosses (PIN commands included). Serialising exchanges is the
 * worker transport's job (one exchange at a time); the window runs each call as it comes.
 */
import {
  SMART_CARD_RELAY_OFFER,
  toRelayError,
  type RelayCall,
  type RelayMessage,
  type RelayReaderStateIn,
  type RelayRequest,
  type SmartCardRelayOffer,
} from '../../shared/smart-card-relay';

/** The parts of the Web Smart Card API the relay calls (WICG web-smart-card IDL), typed here for the window. */
interface WindowSmartCardConnection {
  disconnect(disposition?: string): Promise<void>;
  transmit(sendBuffer: BufferSource): Promise<ArrayBuffer>;
  startTransaction(transaction: () => Promise<string | null | undefined>): Promise<void>;
  status(): Promise<unknown>;
}

interface WindowSmartCardContext {
  listReaders(): Promise<string[]>;
  getStatusChange(readerStates: readonly RelayReaderStateIn[], options?: { timeout?: number; signal?: AbortSignal }): Promise<unknown>;
  connect(readerName: string, accessMode: string, options?: { preferredProtocols?: readonly string[] }): Promise<{ connection: WindowSmartCardConnection; activeProtocol?: string }>;
}

export interface WindowSmartCard {
  establishContext(): Promise<WindowSmartCardContext>;
}

export interface RelayEndpoint {
  postMessage(message: RelayMessage): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  start?(): void;
}

/** `navigator.smartCard` where this window has it (an Isolated Web App on ChromeOS), else undefined. */
export function windowSmartCard(): WindowSmartCard | undefined {
  const nav = (globalThis as { navigator?: { smartCard?: WindowSmartCard } }).navigator;
  return nav?.smartCard && typeof nav.smartCard.establishContext === 'function' ? nav.smartCard : undefined;
}

export class SmartCardRelayServer {
  private next = 1;
  private readonly contexts = new Map<number, WindowSmartCardContext>();
  private readonly connections = new Map<number, WindowSmartCardConnection>();
  private readonly aborts = new Map<number, AbortController>();
  private readonly transactionEnds = new Map<number, (disposition: string | null) => void>();

  constructor(
    private readonly api: WindowSmartCard,
    private readonly port: RelayEndpoint,
  ) {
    port.addEventListener('message', (event) => void this.onRequest(event.data as RelayRequest));
    port.start?.();
  }

  private async onRequest(request: RelayRequest): Promise<void> {
    const { id, call } = request;
    if (call.op === 'abort') {
      this.aborts.get(call.call)?.abort();
      return;
    }
    if (call.op === 'endTransaction') {
      this.transactionEnds.get(call.transaction)?.(call.disposition);
      this.transactionEnds.delete(call.transaction);
      this.port.postMessage({ kind: 'reply', id, ok: true, value: null });
      return;
    }
    if (call.op === 'beginTransaction') {
      this.begin(id, call.connection);
      return;
    }
    try {
      this.port.postMessage({ kind: 'reply', id, ok: true, value: await this.answer(id, call) });
    } catch (error) {
      this.port.postMessage({ kind: 'reply', id, ok: false, error: toRelayError(error) });
    } finally {
      this.aborts.delete(id);
    }
  }

  private async answer(id: number, call: RelayCall): Promise<unknown> {
    switch (call.op) {
      case 'establishContext': {
        const handle = this.next++;
        this.contexts.set(handle, await this.api.establishContext());
        return { context: handle };
      }
      case 'listReaders':
        return this.context(call.context).listReaders();
      case 'getStatusChange': {
        const abort = new AbortController();
        this.aborts.set(id, abort);
        return this.context(call.context).getStatusChange(call.readerStates, { signal: abort.signal, ...(call.timeout === undefined ? {} : { timeout: call.timeout }) });
      }
      case 'connect': {
        const options = call.preferredProtocols ? { preferredProtocols: call.preferredProtocols } : undefined;
        const result = await this.context(call.context).connect(call.readerName, call.accessMode, options);
        const handle = this.next++;
        this.connections.set(handle, result.connection);
        return { connection: handle, ...(result.activeProtocol ? { activeProtocol: result.activeProtocol } : {}) };
      }
      case 'transmit':
        return this.connection(call.connection).transmit(call.command);
      case 'status':
        return this.connection(call.connection).status();
      case 'disconnect': {
        const connection = this.connection(call.connection);
        this.connections.delete(call.connection);
        return connection.disconnect(call.disposition);
      }
      default:
        throw new DOMException(`unknown relay call ${call.op}`, 'NotSupportedError');
    }
  }

  /**
   * The worker's transaction: the window holds SCardBeginTransaction and reports "started"; the worker's
   * commands arrive as ordinary transmits; its end message gives the disposition (null → it failed → reset).
   */
  private begin(id: number, connectionHandle: number): void {
    const transaction = this.next++;
    let started = false;
    let connection: WindowSmartCardConnection;
    try {
      connection = this.connection(connectionHandle);
    } catch (error) {
      this.port.postMessage({ kind: 'reply', id, ok: false, error: toRelayError(error) });
      return;
    }
    connection
      .startTransaction(
        () =>
          new Promise<string>((resolve) => {
            started = true;
            this.transactionEnds.set(transaction, (disposition) => resolve(disposition ?? 'reset'));
            this.port.postMessage({ kind: 'reply', id, ok: true, value: { transaction } });
          }),
      )
      .then(
        () => this.port.postMessage({ kind: 'transaction-ended', transaction, error: null }),
        (error: unknown) => {
          this.transactionEnds.delete(transaction);
          if (started) this.port.postMessage({ kind: 'transaction-ended', transaction, error: toRelayError(error) });
          else this.port.postMessage({ kind: 'reply', id, ok: false, error: toRelayError(error) });
        },
      );
  }

  private context(handle: number): WindowSmartCardContext {
    const found = this.contexts.get(handle);
    if (!found) throw new DOMException(`no context ${handle}`, 'InvalidStateError');
    return found;
  }

  private connection(handle: number): WindowSmartCardConnection {
    const found = this.connections.get(handle);
    if (!found) throw new DOMException(`no connection ${handle}`, 'InvalidStateError');
    return found;
  }
}

/**
 * Offers the relay to a new driver worker when this window has the API: the port goes with the first message,
 * before any call, so the worker's sources include the readers from its first listing.
 */
export function offerSmartCardRelay(worker: Pick<Worker, 'postMessage'>, api: WindowSmartCard | undefined = windowSmartCard()): SmartCardRelayServer | null {
  if (!api) return null;
  const channel = new MessageChannel();
  const server = new SmartCardRelayServer(api, channel.port1 as unknown as RelayEndpoint);
  const offer: SmartCardRelayOffer = { type: SMART_CARD_RELAY_OFFER, port: channel.port2 };
  worker.postMessage(offer, [channel.port2]);
  return server;
}
