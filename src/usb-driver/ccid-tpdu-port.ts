/**
 * The CCID side of a TPDU-level link (CCID Rev 1.1 §5.1 dwFeatures 0x00010000): the host speaks ISO/IEC 7816-3
 * T=0 or T=1 itself (src/tpdu) and the reader only moves each TPDU or block in one PC_to_RDR_XfrBlock. This port
 * gives the engines the three reader operations they need, over the transport's CcidLink.
 */
import { maxCommandLength, openTpduLink, type TpduLink, type TpduReaderPort } from '../tpdu';
import { ccidLinkCapabilities } from './card-capabilities';
import { CCID_ERROR, POWER_SELECT } from './ccid-constants';
import type { CcidDescriptor } from './ccid-descriptor';
import type { CcidLink } from './ccid-link';
import type { CcidCapabilities } from './ccid-transport-options';
import type { UsbCapture } from './usbpcap';
import { CardMuteError, CcidCommandError, MalformedCcidError } from './errors';

/** §6.1.4: at TPDU level wLevelParameter is RFU, always 0. */
const TPDU_LEVEL_PARAMETER = 0;
/** bBWI is one byte (§6.1.4): the WTX multiplier the card asked for, capped where the field ends. */
const MAX_BWI = 0xff;

export class CcidTpduPort implements TpduReaderPort {
  constructor(private readonly link: CcidLink) {}

  /**
   * One block or TPDU and the card's answer. bBWI carries a T=1 WTX multiplier (§6.1.4: "used to extend the
   * CCID's Block Waiting Time"); 0 means none. A mute card (ICC_MUTE) or a parity error on the wire
   * (XFR_PARITY_ERROR) is null, so the T=0/T=1 engine recovers as ISO/IEC 7816-3 §11.6.3 says; everything else
   * (no card, hardware error, a host timeout) throws the link's typed error.
   */
  async xfrBlock(payload: Uint8Array, timeoutMs: number, waitingTimeMultiplier: number): Promise<Uint8Array | null> {
    const bwi = waitingTimeMultiplier > 1 ? Math.min(MAX_BWI, waitingTimeMultiplier) : 0;
    try {
      const reply = await this.link.command({ kind: 'XfrBlock', slot: 0, seq: 0, bwi, levelParameter: TPDU_LEVEL_PARAMETER, data: payload }, timeoutMs);
      // A copy: the reply frame is the capture's and the USB transfer's buffer, not the engine's.
      return reply.kind === 'DataBlock' ? reply.data.slice() : null;
    } catch (error) {
      if (error instanceof CardMuteError) return null;
      if (error instanceof CcidCommandError && error.bError === CCID_ERROR.XfrParityError) return null;
      throw error;
    }
  }

  /** PC_to_RDR_SetParameters (§6.1.7); the link checks the answer is RDR_to_PC_Parameters and not failed. */
  async setParameters(protocolNum: 0 | 1, data: Uint8Array): Promise<void> {
    const reply = await this.link.command({ kind: 'SetParameters', slot: 0, seq: 0, protocolNum, data });
    if (reply.kind !== 'Parameters' || reply.protocolNum !== protocolNum) {
      throw new MalformedCcidError('unexpected-parameters', `SetParameters T=${protocolNum} answered with ${reply.kind}`);
    }
  }

  /** ISO/IEC 7816-3 §9.3: after a failed PPS the card is deactivated and cold reset; the new ATR. */
  async coldReset(): Promise<Uint8Array> {
    await this.link.command({ kind: 'IccPowerOff', slot: 0, seq: 0 });
    return powerOn(this.link);
  }
}

/** PC_to_RDR_IccPowerOn with automatic voltage selection (§6.1.1); the DataBlock holds the ATR. */
export async function powerOn(link: CcidLink): Promise<Uint8Array> {
  const reply = await link.command({ kind: 'IccPowerOn', slot: 0, seq: 0, powerSelect: POWER_SELECT.Automatic });
  return reply.kind === 'DataBlock' ? reply.data.slice() : new Uint8Array(0);
}

/**
 * What a TPDU link carries: T=0 short APDUs only (ISO/IEC 7816-3 §12.1, extended ones are refused by the
 * engine); T=1 extended APDUs unless the card's own capabilities say it lacks them (ISO 7816-4 §8.1.1.2.7).
 */
export function tpduCapabilities(link: TpduLink): CcidCapabilities {
  if (link.plan.protocol === 0) return { extendedApdu: false, maxCommandLength: maxCommandLength(0) };
  return ccidLinkCapabilities('extended-apdu', maxCommandLength(1), link.atr);
}

/**
 * After IccPowerOn on a TPDU-level reader: PPS, SetParameters and IFSD as the plan says (src/tpdu), then the
 * engine. At T=1 the capture is told so it can find the APDUs inside the blocks (and the PINs in them).
 */
export async function openCcidTpduLink(link: CcidLink, atr: Uint8Array, descriptor: CcidDescriptor, capture: UsbCapture | undefined): Promise<TpduLink> {
  const tpdu = await openTpduLink(new CcidTpduPort(link), atr, descriptor);
  if (tpdu.plan.t1) capture?.useT1Framing(tpdu.plan.t1.edc);
  return tpdu;
}
