/**
 * `navigator.smartCard` for the driver worker, over the window's relay (issue 15 §4; wire format in
 * src/shared/smart-card-relay/protocol.ts). The API is `[Exposed=Window]` (WICG web-smart-card), so every call
 * goes to the window and back; SmartCardSource and SmartCardTransport run on this unchanged: one exchange at a
 * time (the transport's guard), transactions (the window holds SCardBeginTransaction while our body runs) and
 * disconnects (the transport's presence watch is a getStatusChange like any other) all cross the port.
 */
import { toRelayError, type RelayCall, type RelayError, type RelayMessage, type RelayRequest } from '../../shared/smart-card-relay';
import type {
  SmartCardAccessMode,
  SmartCardConnectOptions,
  SmartCardConnectResult,
  SmartCardConnection,
  SmartCardConnectionStatus,
  SmartCardContext,
  SmartCardDisposition,
  SmartCardGetStatusChangeOptions,
  SmartCardProtocol,
  SmartCardReaderStateIn,
  SmartCardReaderStateOut,
  SmartCardResourceManager,
  SmartCardTransactionCallback,
} from './web-smart-card-types';

/** What the relay needs of a MessagePort (the browser's, or Node's in tests). */
export interface RelayPort {
  postMessage(message: RelayRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  start?(): void;
}

/** The window's failure, rebuilt as the API raises it: a DOMException, with SmartCardError's responseCode. */
function rebuild(error: RelayError): Error {
  const rebuilt = new DOMException(error.message, error.name);
  if (error.responseCode !== undefined) Object.defineProperty(rebuilt, 'responseCode', { value: error.responseCode, enumerable: true });
  return rebuilt;
}

function unsupported(what: string): Promise<never> {
  return Promise.reject(new DOMException(`${what} is not relayed to the worker`, 'NotSupportedError'));
}

export class RelayClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly transactions = new Map<number, (error: Error | null) => void>();

  constructor(private readonly port: RelayPort) {
    port.addEventListener('message', (event) => this.onMessage(event.data as RelayMessage));
    port.start?.();
  }

  call<T>(call: RelayCall, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        this.pending.delete(id);
        this.port.postMessage({ id: this.nextId++, call: { op: 'abort', call: id } });
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (value) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(value as T);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      });
      this.port.postMessage({ id, call });
    });
  }

  /** Resolves when the window's startTransaction settles (after our `endTransaction`). */
  ended(transaction: number): Promise<void> {
    return new Promise((resolve, reject) => this.transactions.set(transaction, (error) => (error ? reject(error) : resolve())));
  }

  private onMessage(message: RelayMessage): void {
    if (message.kind === 'transaction-ended') {
      const settle = this.transactions.get(message.transaction);
      this.transactions.delete(message.transaction);
      settle?.(message.error ? rebuild(message.error) : null);
      return;
    }
    const waiter = this.pending.get(message.id);
    if (!waiter) return; // aborted on our side already
    this.pending.delete(message.id);
    if (message.ok) waiter.resolve(message.value);
    else waiter.reject(rebuild(message.error));
  }
}

class RelayConnection implements SmartCardConnection {
  constructor(
    private readonly client: RelayClient,
    private readonly handle: number,
  ) {}

  disconnect(disposition?: SmartCardDisposition): Promise<void> {
    return this.client.call({ op: 'disconnect', connection: this.handle, ...(disposition ? { disposition } : {}) });
  }

  async transmit(sendBuffer: BufferSource): Promise<ArrayBuffer> {
    const bytes = ArrayBuffer.isView(sendBuffer) ? new Uint8Array(sendBuffer.buffer, sendBuffer.byteOffset, sendBuffer.byteLength) : new Uint8Array(sendBuffer);
    return this.client.call({ op: 'transmit', connection: this.handle, command: bytes.slice().buffer });
  }

  /**
   * WICG web-smart-card §startTransaction: the body runs while the window holds the transaction; what it resolves
   * with ends it (undefined → "reset"); a body that throws ends it with "reset" and the call rejects.
   */
  async startTransaction(transaction: SmartCardTransactionCallback, options?: { signal?: AbortSignal }): Promise<void> {
    const { transaction: id } = await this.client.call<{ transaction: number }>({ op: 'beginTransaction', connection: this.handle }, options?.signal);
    const ended = this.client.ended(id);
    let failure: { readonly error: unknown } | null = null;
    let disposition: string | null = null;
    try {
      disposition = (await transaction()) ?? 'reset';
    } catch (error) {
      failure = { error };
    }
    await this.client.call({ op: 'endTransaction', transaction: id, disposition: failure ? null : disposition });
    await ended.catch((error: unknown) => {
      if (!failure) throw error;
    });
    if (failure) throw failure.error instanceof Error ? failure.error : rebuild(toRelayError(failure.error));
  }

  status(): Promise<SmartCardConnectionStatus> {
    return this.client.call({ op: 'status', connection: this.handle });
  }

  control(): Promise<ArrayBuffer> {
    return unsupported('control');
  }

  getAttribute(): Promise<ArrayBuffer> {
    return unsupported('getAttribute');
  }

  setAttribute(): Promise<void> {
    return unsupported('setAttribute');
  }
}

class RelayContext implements SmartCardContext {
  constructor(
    private readonly client: RelayClient,
    private readonly handle: number,
  ) {}

  listReaders(): Promise<string[]> {
    return this.client.call({ op: 'listReaders', context: this.handle });
  }

  getStatusChange(readerStates: readonly SmartCardReaderStateIn[], options?: SmartCardGetStatusChangeOptions): Promise<SmartCardReaderStateOut[]> {
    const call: RelayCall = {
      op: 'getStatusChange',
      context: this.handle,
      readerStates: readerStates.map((s) => ({ readerName: s.readerName, currentState: { ...s.currentState }, ...(s.currentCount === undefined ? {} : { currentCount: s.currentCount }) })),
      ...(options?.timeout === undefined ? {} : { timeout: options.timeout }),
    };
    return this.client.call(call, options?.signal);
  }

  async connect(readerName: string, accessMode: SmartCardAccessMode, options?: SmartCardConnectOptions): Promise<SmartCardConnectResult> {
    const reply = await this.client.call<{ connection: number; activeProtocol?: SmartCardProtocol }>({
      op: 'connect',
      context: this.handle,
      readerName,
      accessMode,
      ...(options?.preferredProtocols ? { preferredProtocols: options.preferredProtocols } : {}),
    });
    return { connection: new RelayConnection(this.client, reply.connection), ...(reply.activeProtocol ? { activeProtocol: reply.activeProtocol } : {}) };
  }
}

/** A SmartCardResourceManager whose every call is answered by the window at the other end of `port`. */
export class RelayedSmartCardManager implements SmartCardResourceManager {
  private readonly client: RelayClient;

  constructor(port: RelayPort) {
    this.client = new RelayClient(port);
  }

  async establishContext(): Promise<SmartCardContext> {
    const { context } = await this.client.call<{ context: number }>({ op: 'establishContext' });
    return new RelayContext(this.client, context);
  }
}
