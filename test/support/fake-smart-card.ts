/**
 * A fake `navigator.smartCard` that follows the WICG Web Smart Card draft's rules (index.bs): one operation per
 * context at a time (InvalidStateError), transactions per reader across contexts, sharing modes, PC/SC
 * warnings (removed-card, reset-card) and getStatusChange with event counts, abort signals and the PnP
 * pseudo reader. Behind each reader sits a real card emulator (the virtual PIV card), never canned bytes.
 */
import type { SmartCard } from '../../src/virtual/virtual-token/smart-card';
import type {
  SmartCardAccessMode, SmartCardConnectOptions, SmartCardConnectResult, SmartCardContext, SmartCardGetStatusChangeOptions,
  SmartCardProtocol, SmartCardReaderStateIn, SmartCardReaderStateOut, SmartCardResourceManager, SmartCardResponseCode,
} from '../../src/sources/smart-card/web-smart-card-types';
import { PNP_NOTIFICATION_READER } from '../../src/sources/smart-card/web-smart-card-types';
import { FakeConnection, invalidState, scardError, tick, type ConnectionHost, type Reader } from './fake-smart-card-connection';

export { FakeConnection, SmartCardError } from './fake-smart-card-connection';

export interface FakeSmartCardOptions {
  /** Whether the PC/SC stack knows the PnP notification pseudo reader (pcsc-lite and WinSCard do). */
  readonly pnp?: boolean;
  readonly cardProtocols?: readonly ('t0' | 't1')[];
}

export class FakeSmartCardSystem implements SmartCardResourceManager {
  readonly readers = new Map<string, Reader>();
  readonly contexts: FakeContext[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly faults: { reader: string; op: string; code: SmartCardResponseCode }[] = [];
  readerListVersion = 0;

  constructor(readonly options: FakeSmartCardOptions = {}) {}

  async establishContext(): Promise<SmartCardContext> {
    await tick();
    const context = new FakeContext(this);
    this.contexts.push(context);
    return context;
  }

  /** A USB token arriving is a reader arriving with its card inside. */
  plugReader(name: string, card: SmartCard | null = null): void {
    this.readers.set(name, { name, card, powered: false, eventCount: card ? 1 : 0, resetGeneration: 0, connections: new Set(), transactionHolder: null });
    this.readerListVersion += 1;
    this.changed();
  }
  unplugReader(name: string): void {
    this.readers.delete(name);
    this.readerListVersion += 1;
    this.changed();
  }
  insertCard(name: string, card: SmartCard): void {
    const r = this.reader(name);
    Object.assign(r, { card, powered: false, eventCount: r.eventCount + 1 });
    this.changed();
  }
  removeCard(name: string): void {
    const r = this.reader(name);
    Object.assign(r, { card: null, powered: false, eventCount: r.eventCount + 1 });
    this.changed();
  }
  /** The next `op` ('connect' | 'transmit' | 'begin') on `reader` fails with `code`. */
  failNext(reader: string, op: 'connect' | 'transmit' | 'begin', code: SmartCardResponseCode): void {
    this.faults.push({ reader, op, code });
  }

  takeFault(reader: string, op: string): SmartCardResponseCode | null {
    const i = this.faults.findIndex((f) => f.reader === reader && f.op === op);
    return i < 0 ? null : this.faults.splice(i, 1)[0]!.code;
  }
  reader(name: string): Reader {
    const r = this.readers.get(name);
    if (!r) throw scardError('unknown-reader');
    return r;
  }
  stateOf(name: string): SmartCardReaderStateOut {
    const r = this.readers.get(name);
    const flags = { ignore: false, changed: false, unavailable: !r, unknown: !r, empty: !r?.card, present: !!r?.card, exclusive: false, inuse: false, mute: false, unpowered: !!r?.card && !r.powered };
    if (r) {
      flags.inuse = r.connections.size > 0;
      flags.exclusive = [...r.connections].some((c) => c.mode === 'exclusive');
    }
    const atr = r?.card ? { answerToReset: r.card.atr.slice().buffer } : {};
    return { readerName: name, eventState: flags, eventCount: r?.eventCount ?? 0, ...atr };
  }
  changed(): void {
    for (const wake of [...this.waiters]) wake();
  }
  onChange(wake: () => void): () => void {
    this.waiters.add(wake);
    return () => this.waiters.delete(wake);
  }
}

function differs(stateIn: SmartCardReaderStateIn, out: SmartCardReaderStateOut): boolean {
  const c = stateIn.currentState;
  if (c.unaware) return true;
  if (stateIn.currentCount !== undefined && stateIn.currentCount !== out.eventCount) return true;
  const s = out.eventState;
  return !!c.present !== s.present || !!c.empty !== s.empty || !!c.unavailable !== s.unavailable || !!c.inuse !== s.inuse || !!c.exclusive !== s.exclusive;
}

class FakeContext implements SmartCardContext, ConnectionHost {
  busy = false;
  readonly activeTransactions = new Map<string, FakeConnection>();
  constructor(readonly system: FakeSmartCardSystem) {}

  /** Spec step "if [[operationInProgress]] is true, reject with InvalidStateError", then run `body`. */
  async operation<T>(body: () => Promise<T>): Promise<T> {
    if (this.busy) throw invalidState('operation in progress');
    this.busy = true;
    try {
      await tick();
      return await body();
    } finally {
      this.busy = false;
    }
  }

  listReaders(): Promise<string[]> {
    return this.operation(async () => [...this.system.readers.keys()]);
  }

  getStatusChange(readerStates: readonly SmartCardReaderStateIn[], options: SmartCardGetStatusChangeOptions = {}): Promise<SmartCardReaderStateOut[]> {
    if (options.signal?.aborted) return Promise.reject(options.signal.reason);
    const { system } = this;
    const pnp = readerStates.some((s) => s.readerName === PNP_NOTIFICATION_READER);
    if (pnp && system.options.pnp === false) return this.operation(async () => Promise.reject(scardError('unknown-reader')));
    return this.operation(
      () =>
        new Promise<SmartCardReaderStateOut[]>((resolve, reject) => {
          // The draft adds the cancel algorithm to the signal at call time: an abort while we queued still counts.
          if (options.signal?.aborted) return reject(options.signal.reason);
          const listVersion = system.readerListVersion;
          const real = readerStates.filter((s) => s.readerName !== PNP_NOTIFICATION_READER);
          const missing = real.find((s) => !system.readers.has(s.readerName) && s.currentState.unaware);
          if (missing) return reject(scardError('unknown-reader'));
          let stop = (): void => undefined;
          const check = (): void => {
            const outs = real.map((s) => system.stateOf(s.readerName));
            const moved = outs.map((o, i) => differs(real[i]!, o));
            const pnpIn = readerStates.find((s) => s.readerName === PNP_NOTIFICATION_READER);
            const countMoved = pnpIn?.currentCount !== undefined && pnpIn.currentCount !== system.readers.size;
            if (!moved.some(Boolean) && !(pnp && (countMoved || system.readerListVersion !== listVersion))) return;
            stop();
            resolve(outs.map((o, i) => ({ ...o, eventState: { ...o.eventState, changed: moved[i]! } })));
          };
          const timer = options.timeout === undefined ? undefined : setTimeout(() => {
            stop();
            reject(new DOMException('SCARD_E_TIMEOUT', 'UnknownError'));
          }, options.timeout);
          const onAbort = (): void => {
            stop();
            reject(options.signal?.reason);
          };
          const unsubscribe = system.onChange(check);
          options.signal?.addEventListener('abort', onAbort, { once: true });
          stop = () => {
            unsubscribe();
            clearTimeout(timer);
            options.signal?.removeEventListener('abort', onAbort);
          };
          check();
        }),
    );
  }

  connect(readerName: string, accessMode: SmartCardAccessMode, options: SmartCardConnectOptions = {}): Promise<SmartCardConnectResult> {
    if (this.activeTransactions.has(readerName)) return Promise.reject(invalidState('transaction active on this reader'));
    return this.operation(async () => {
      const reader = this.system.reader(readerName);
      const fault = this.system.takeFault(readerName, 'connect');
      if (fault) throw scardError(fault);
      if (!reader.card && accessMode !== 'direct') throw scardError('no-smartcard');
      const others = [...reader.connections];
      if (others.some((c) => c.mode === 'exclusive') || (accessMode === 'exclusive' && others.length > 0)) throw scardError('sharing-violation');
      let activeProtocol: SmartCardProtocol | undefined;
      if (reader.card) {
        if (!reader.powered) {
          await reader.card.powerOn();
          reader.powered = true;
        }
        const offered = this.system.options.cardProtocols ?? ['t0', 't1'];
        activeProtocol = (options.preferredProtocols ?? []).find((p): p is 't0' | 't1' => p !== 'raw' && offered.includes(p));
        if (!activeProtocol) throw scardError('proto-mismatch');
      }
      const connection = new FakeConnection(this, reader, accessMode, activeProtocol ?? null);
      reader.connections.add(connection);
      this.system.changed();
      return activeProtocol ? { connection, activeProtocol } : { connection };
    });
  }
}

