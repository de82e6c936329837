/**
 * A card that offers T=0 and T=1, T=0 first (HDZB uKeyCI800 style). ISO/IEC 7816-3 §9.1: after the ATR the card
 * is in negotiable mode and speaks the first offered protocol, T=0, at Fd/Dd; a PPS naming T=1 (answered as
 * requested, §9.3) switches it to T=1. Both engines wrap the one APDU-level card. Independent of src/tpdu/.
 */
import type { SmartCard } from '../smart-card';
import { T0CardEngine, type T0CardOptions } from './card-t0-engine';
import { T1CardEngine, type T1CardOptions } from './card-t1-engine';
import type { TpduCard } from './tpdu-card';

/** §9.2: PPSS, the first byte of a PPS request; PPS0 b4–b1 name the protocol. */
const PPSS = 0xff;
const PPS0_PROTOCOL = 0x0f;

export class DualProtocolCardEngine implements TpduCard {
  readonly atr: Uint8Array;
  private readonly t0: T0CardEngine;
  private readonly t1: T1CardEngine;
  private active: TpduCard;
  private afterReset = true;

  constructor(card: SmartCard, options: { t0?: T0CardOptions; t1?: T1CardOptions } = {}) {
    this.t0 = new T0CardEngine(card, options.t0);
    this.t1 = new T1CardEngine(card, { ...options.t1, alsoOfferT0: true });
    this.atr = this.t1.atr;
    this.active = this.t0;
  }

  /** The protocol in force: T=0 until a PPS selects T=1. */
  get protocol(): 0 | 1 {
    return this.active.protocol;
  }

  async powerOn(): Promise<Uint8Array> {
    await this.t0.powerOn();
    await this.t1.powerOn();
    this.active = this.t0;
    this.afterReset = true;
    return this.atr.slice();
  }

  async powerOff(): Promise<void> {
    await this.t0.powerOff();
    await this.t1.powerOff();
  }

  async exchange(bytes: Uint8Array): Promise<Uint8Array | null> {
    const first = this.afterReset;
    this.afterReset = false;
    if (first && bytes[0] === PPSS && bytes.length >= 2) {
      const engine = ((bytes[1] as number) & PPS0_PROTOCOL) === 1 ? this.t1 : this.t0;
      const answer = await engine.exchange(bytes);
      // A PPS the card cannot answer leaves it silent; the reader then resets it (§9.3).
      if (answer !== null) this.active = engine;
      return answer;
    }
    return this.active.exchange(bytes);
  }
}
