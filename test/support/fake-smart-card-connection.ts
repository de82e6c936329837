/**
 * The connection half of the fake `navigator.smartCard` (see fake-smart-card.ts): PC/SC handle rules per the
 * WICG Web Smart Card draft (§SmartCardConnection) — transmit, transactions with their disposition, status,
 * disconnect — and the PC/SC warnings a handle sees (removed-card, reset-card).
 */
import type { SmartCard } from '../../src/virtual/virtual-token/smart-card';
import type {
  SmartCardAccessMode, SmartCardConnection, SmartCardConnectionStatus, SmartCardDisposition, SmartCardProtocol,
  SmartCardResponseCode, SmartCardTransactionCallback,
} from '../../src/sources/smart-card/web-smart-card-types';

export class SmartCardError extends DOMException {
  constructor(message: string, readonly responseCode: SmartCardResponseCode) {
    super(message, 'SmartCardError');
  }
}
export const scardError = (code: SmartCardResponseCode): SmartCardError => new SmartCardError(`PC/SC ${code}`, code);
export const invalidState = (why: string): DOMException => new DOMException(why, 'InvalidStateError');
export const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export interface Reader {
  readonly name: string;
  card: SmartCard | null;
  powered: boolean;
  eventCount: number;
  /** Bumped when a connection resets or unpowers the card; other handles then get reset-card once. */
  resetGeneration: number;
  readonly connections: Set<FakeConnection>;
  transactionHolder: FakeConnection | null;
}

/** What a connection needs of its context and of the PC/SC system behind it. */
export interface ConnectionHost {
  readonly busy: boolean;
  readonly activeTransactions: Map<string, FakeConnection>;
  operation<T>(body: () => Promise<T>): Promise<T>;
  readonly system: {
    readonly readers: ReadonlyMap<string, Reader>;
    takeFault(reader: string, op: string): SmartCardResponseCode | null;
    changed(): void;
  };
}

export class FakeConnection implements SmartCardConnection {
  private open = true;
  private inTransaction = false;
  private readonly cardEpoch: number;
  private seenReset: number;
  readonly transmitted: Uint8Array[] = [];

  constructor(readonly context: ConnectionHost, readonly reader: Reader, readonly mode: SmartCardAccessMode, readonly protocol: SmartCardProtocol | null) {
    this.cardEpoch = reader.eventCount;
    this.seenReset = reader.resetGeneration;
  }

  /** The common checks of every connection method (§SmartCardConnection steps 2–4). */
  private guard(): void {
    const holder = this.context.activeTransactions.get(this.reader.name);
    if (holder && holder !== this) throw invalidState('another connection holds the transaction');
    if (!this.open) throw invalidState('disconnected');
  }

  /** PC/SC: the card must be the one we connected to, unreset by others; another context's transaction blocks. */
  private async cardFor(): Promise<SmartCard> {
    while (this.reader.transactionHolder && this.reader.transactionHolder !== this) await tick();
    if (!this.context.system.readers.has(this.reader.name)) throw scardError('reader-unavailable');
    if (!this.reader.card || this.reader.eventCount !== this.cardEpoch) throw scardError('removed-card');
    if (this.seenReset !== this.reader.resetGeneration) {
      this.seenReset = this.reader.resetGeneration;
      throw scardError('reset-card');
    }
    return this.reader.card;
  }

  private async dispose(disposition: SmartCardDisposition): Promise<void> {
    const card = this.reader.card;
    if (!card || disposition === 'leave' || this.reader.eventCount !== this.cardEpoch) return;
    if (disposition === 'reset') await card.powerOn();
    else await card.powerOff();
    this.reader.powered = disposition === 'reset';
    this.reader.resetGeneration += 1;
    this.seenReset = this.reader.resetGeneration;
  }

  async transmit(sendBuffer: BufferSource): Promise<ArrayBuffer> {
    this.guard();
    return this.context.operation(async () => {
      const card = await this.cardFor();
      const fault = this.context.system.takeFault(this.reader.name, 'transmit');
      if (fault) throw scardError(fault);
      const command = new Uint8Array(ArrayBuffer.isView(sendBuffer) ? sendBuffer.buffer.slice(sendBuffer.byteOffset, sendBuffer.byteOffset + sendBuffer.byteLength) : sendBuffer.slice(0));
      this.transmitted.push(command);
      return (await card.transmit(command)).slice().buffer;
    });
  }

  async startTransaction(transaction: SmartCardTransactionCallback, options: { signal?: AbortSignal } = {}): Promise<void> {
    if (this.context.activeTransactions.has(this.reader.name)) throw invalidState('transaction already active');
    this.guard();
    if (this.inTransaction) throw invalidState('transaction already active');
    if (options.signal?.aborted) throw options.signal.reason;
    await this.context.operation(async () => {
      await this.cardFor();
      const fault = this.context.system.takeFault(this.reader.name, 'begin');
      if (fault) throw scardError(fault);
      this.reader.transactionHolder = this;
    });
    this.inTransaction = true;
    this.context.activeTransactions.set(this.reader.name, this);
    let disposition: SmartCardDisposition = 'reset';
    let failure: { error: unknown } | null = null;
    try {
      disposition = (await transaction()) ?? 'reset';
    } catch (error) {
      failure = { error };
    }
    while (this.context.busy) await tick(); // spec: a pending disposition waits for the operation in flight
    await this.context.operation(() => this.dispose(disposition));
    this.reader.transactionHolder = null;
    this.context.activeTransactions.delete(this.reader.name);
    this.inTransaction = false;
    if (failure) throw failure.error;
  }

  async status(): Promise<SmartCardConnectionStatus> {
    this.guard();
    return this.context.operation(async () => {
      const card = await this.cardFor();
      return { readerName: this.reader.name, state: this.protocol ?? 'present', answerToReset: card.atr.slice().buffer };
    });
  }

  async disconnect(disposition: SmartCardDisposition = 'leave'): Promise<void> {
    this.guard();
    await this.context.operation(() => this.dispose(disposition));
    this.open = false;
    this.reader.connections.delete(this);
    this.context.system.changed();
  }

  control(): Promise<ArrayBuffer> {
    return Promise.reject(scardError('unsupported-feature'));
  }
  getAttribute(): Promise<ArrayBuffer> {
    return Promise.reject(scardError('unsupported-feature'));
  }
  setAttribute(): Promise<void> {
    return Promise.reject(scardError('unsupported-feature'));
  }
}
