/**
 * One demo card for every window (issue 16 §2): each tab and the sign popup run their own driver worker, and
 * each wraps its own copy of the emulated card in this SmartCard. Every command runs under the origin-wide Web
 * Lock 'ukey-demo-card' (W3C Web Locks §4): at acquire, a copy whose revision differs from the saved one is
 * rebuilt from the saved state; at release, a changed card (PIN counters, keys, objects) is saved with a new
 * revision. So a PIN changed in one tab is the PIN in every other tab and after a reload.
 *
 * Rebuilding keeps the persistent state only: the verified-PIN status of this reader's session is volatile (SP
 * 800-73-4 Part 2 §3.1: security status lives for the card session), and another window's change ends it as a
 * reset would. The application selected before is selected again, so the session's next command still reaches
 * the card application its profile selected (ISO 7816-4 §7.1.1 SELECT).
 */
import { DEMO_CARD_LOCK, type DemoCardStore, type StoredDemoCard } from '../sources';
import { PivCard, type SmartCard, type PivCardRuntimeOptions } from '../virtual/virtual-token';
import type { TokenLockManager } from './token-locks';

export { DEMO_CARD_LOCK };

const INS_SELECT = 0xa4;
const SW_OK = 0x9000;

function newRevision(): string {
  return crypto.randomUUID();
}

function isSuccessfulSelect(command: Uint8Array, response: Uint8Array): boolean {
  const sw = response.length >= 2 ? (response[response.length - 2]! << 8) | response[response.length - 1]! : 0;
  return command[1] === INS_SELECT && sw === SW_OK;
}

export class SharedDemoCard implements SmartCard {
  private selectCommand: Uint8Array | null = null;

  private constructor(
    private card: PivCard,
    private revision: string,
    private readonly store: DemoCardStore,
    private readonly locks: TokenLockManager,
    private readonly options: PivCardRuntimeOptions,
  ) {}

  /**
   * The saved demo card, or — on the first start for this origin — a new one from `provision`, saved at once;
   * under the lock, so two tabs starting together make one card.
   */
  static open(store: DemoCardStore, locks: TokenLockManager, provision: () => Promise<PivCard>, options: PivCardRuntimeOptions = {}): Promise<SharedDemoCard> {
    return locks.request(DEMO_CARD_LOCK, async () => {
      const saved = await store.read();
      if (saved) return new SharedDemoCard(PivCard.fromJSON(saved.state, options), saved.revision, store, locks, options);
      const card = await provision();
      const fresh: StoredDemoCard = { revision: newRevision(), state: card.toJSON() };
      await store.write(fresh);
      return new SharedDemoCard(card, fresh.revision, store, locks, options);
    });
  }

  get atr(): Uint8Array {
    return this.card.atr;
  }

  powerOn(): Promise<Uint8Array> {
    this.selectCommand = null;
    return this.card.powerOn();
  }

  powerOff(): Promise<void> {
    this.selectCommand = null;
    return this.card.powerOff();
  }

  transmit(command: Uint8Array): Promise<Uint8Array> {
    return this.locks.request(DEMO_CARD_LOCK, async () => {
      await this.catchUp();
      let changed = false;
      const off = this.card.onStateChange(() => (changed = true));
      try {
        const response = await this.card.transmit(command);
        if (isSuccessfulSelect(command, response)) this.selectCommand = command.slice();
        return response;
      } finally {
        off();
        if (changed) await this.save();
      }
    });
  }

  /** Another window changed the card since this copy last saw it: rebuild from the saved state. */
  private async catchUp(): Promise<void> {
    const saved = await this.store.read();
    // Deleted (the demo was left in another window): this copy answers until this worker lets it go, unsaved.
    if (!saved || saved.revision === this.revision) return;
    this.card = PivCard.fromJSON(saved.state, this.options);
    this.revision = saved.revision;
    if (this.selectCommand) await this.card.transmit(this.selectCommand);
  }

  private async save(): Promise<void> {
    if (!(await this.store.read())) return; // left meanwhile: do not bring the demo back
    const next: StoredDemoCard = { revision: newRevision(), state: this.card.toJSON() };
    await this.store.write(next);
    this.revision = next.revision;
  }
}
