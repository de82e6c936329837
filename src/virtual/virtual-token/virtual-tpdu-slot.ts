/**
 * A TPDU-level reader slot (CCID Rev 1.1 §5.1 dwFeatures 0x00010000): the reader moves one T=0 TPDU or T=1
 * block per PC_to_RDR_XfrBlock to the card and the card's answer back (§6.1.4), keeps the protocol parameters
 * the host sets with PC_to_RDR_SetParameters (§6.1.7), and reports a mute card as ICC_MUTE (§6.2.6). The card
 * speaks ISO/IEC 7816-3 itself (tpdu/ engines). Like HDZB's uKeyCI800 it does no automatic PPS, parameter
 * negotiation or IFSD exchange: the host must (dwFeatures 0x00010030).
 */
import { SLOT_ERROR } from './ccid-frames';
import type { VirtualUsbFaults } from './faults';
import type { SmartCard } from './smart-card';
import { DualProtocolCardEngine } from './tpdu/card-dual-engine';
import { T0CardEngine, type T0CardOptions } from './tpdu/card-t0-engine';
import { T1CardEngine, type T1CardOptions } from './tpdu/card-t1-engine';
import type { TpduCard } from './tpdu/tpdu-card';

/** Which protocols the emulated token offers: HDZB offers T=0 and T=1, Watchdata T=0 only. */
export type TpduProtocols = 'T0' | 'T1' | 'T0+T1';

/** dwProtocols bits (§5.1): bit 0 T=0, bit 1 T=1. */
export const TPDU_PROTOCOL_BITS: Readonly<Record<TpduProtocols, number>> = { T0: 0x01, T1: 0x02, 'T0+T1': 0x03 };
/** §6.1.7 abProtocolDataStructure lengths: T=0 5 bytes, T=1 7 bytes. */
const PROTOCOL_DATA_LENGTH: Readonly<Record<number, number>> = { 0: 5, 1: 7 };
/** Before SetParameters (§6.2.3): Fd/Dd, no extra guard time; T=0 WI 10; T=1 LRC, BWI 4 / CWI 13, IFSC 32. */
const DEFAULT_PARAMETERS: Readonly<Record<0 | 1, Uint8Array>> = {
  0: Uint8Array.of(0x11, 0x00, 0x00, 0x0a, 0x00),
  1: Uint8Array.of(0x11, 0x10, 0x00, 0x4d, 0x00, 0x20, 0x00),
};

/**
 * The card engine behind a TPDU-level slot, wrapping the APDU-level card: T=0 only, T=1 only, or both (T=0
 * until a PPS selects T=1). All ask for Fi/Di 13 in TA1, so the host's PPS and SetParameters carry a
 * non-default value.
 */
export function tpduCardFor(card: SmartCard, protocols: TpduProtocols, options: { t0?: T0CardOptions; t1?: T1CardOptions }): TpduCard {
  const t0 = { ta1: 0x13, ...options.t0 };
  const t1 = { ta1: 0x13, ...options.t1 };
  if (protocols === 'T0') return new T0CardEngine(card, t0);
  if (protocols === 'T1') return new T1CardEngine(card, t1);
  return new DualProtocolCardEngine(card, { t0, t1 });
}

export type ParametersAnswer =
  | { readonly ok: true; readonly protocolNum: number; readonly data: Uint8Array }
  | { readonly ok: false; readonly error: number };

export class VirtualTpduSlot {
  private protocolNum: 0 | 1;
  private parameters: Uint8Array;

  constructor(
    readonly card: TpduCard,
    readonly protocols: TpduProtocols,
    private readonly faults: VirtualUsbFaults,
  ) {
    this.protocolNum = card.protocol;
    this.parameters = DEFAULT_PARAMETERS[card.protocol];
  }

  async powerOn(): Promise<Uint8Array> {
    this.protocolNum = this.card.protocol;
    this.parameters = DEFAULT_PARAMETERS[this.card.protocol];
    return this.card.powerOn();
  }

  powerOff(): Promise<void> {
    return this.card.powerOff();
  }

  /**
   * One TPDU or block to the card and its answer, or the bError the reader reports instead: ICC_MUTE when the
   * card stays mute or the block was lost on the way, XFR_PARITY_ERROR when a character arrived damaged.
   */
  async exchange(block: Uint8Array): Promise<Uint8Array | number> {
    if (this.faults.takeLostBlock()) return SLOT_ERROR.IccMute;
    if (this.faults.takeParityError()) return SLOT_ERROR.XfrParityError;
    const answer = await this.card.exchange(block);
    return answer === null ? SLOT_ERROR.IccMute : this.faults.damageAnswer(answer);
  }

  /** §6.1.7: a protocol the slot offers, with protocol data of its length; bError names the wrong field. */
  setParameters(protocolNum: number, data: Uint8Array, offsets: { protocolNum: number; length: number }): ParametersAnswer {
    const offered = (TPDU_PROTOCOL_BITS[this.protocols] >> protocolNum) & 1;
    if ((protocolNum !== 0 && protocolNum !== 1) || offered === 0) return { ok: false, error: offsets.protocolNum };
    if (data.length !== PROTOCOL_DATA_LENGTH[protocolNum]) return { ok: false, error: offsets.length };
    this.protocolNum = protocolNum;
    this.parameters = data.slice();
    return this.current();
  }

  current(): ParametersAnswer {
    return { ok: true, protocolNum: this.protocolNum, data: this.parameters };
  }
}
