/**
 * A card as a TPDU-level CCID reader sees it: the reader moves bytes, the card speaks ISO/IEC 7816-3 T=0 or
 * T=1 itself. The engines in this folder wrap an APDU-level `SmartCard` into one of these, so the virtual
 * reader can emulate Watchdata/HDZB-style TPDU tokens. Written independently of the driver (src/tpdu/).
 */
export interface TpduCard {
  /** The transmission protocol this card speaks after the ATR (and after a PPS naming it). */
  readonly protocol: 0 | 1;
  /** Answer-to-reset advertising `protocol` and its parameters (ISO/IEC 7816-3 §8). */
  readonly atr: Uint8Array;
  /** Cold or warm reset: protocol state back to the ATR's, the wrapped card reset too. */
  powerOn(): Promise<Uint8Array>;
  powerOff(): Promise<void>;
  /**
   * One PC_to_RDR_XfrBlock payload at TPDU level — a PPS request right after the ATR, then T=0 TPDUs
   * (header + data → data + SW1 SW2) or T=1 blocks — and the card's answer. null: the card stays mute
   * (the reader then reports ICC_MUTE, CCID §6.2.6).
   */
  exchange(bytes: Uint8Array): Promise<Uint8Array | null>;
}

export interface TpduAtrOptions {
  /** Protocols offered, in TD order: T=0 only, T=1 only, or both (T=0 first, as HDZB tokens do). */
  readonly protocols: readonly (0 | 1)[];
  /** TA1 (Fi/Di); absent means the default 11. */
  readonly ta1?: number;
  /** TC1 extra guard time. */
  readonly extraGuardTime?: number;
  /** TC2 for T=0 (emitted only when not the default 10). */
  readonly waitingInteger?: number;
  /** T=1: TA3 IFSC, TB3 BWI/CWI, TC3 bit 1 = CRC. */
  readonly ifsc?: number;
  readonly bwi?: number;
  readonly cwi?: number;
  readonly crc?: boolean;
  readonly historicalBytes?: Uint8Array;
}

/** One group of interface bytes before serialisation; `next` is the protocol its TD names, if any. */
interface Group {
  ta?: number;
  tb?: number;
  tc?: number;
  next?: number;
}

/**
 * Builds TS T0 [groups] historical [TCK] (ISO/IEC 7816-3 §8.2): direct convention, T=1 parameters in the
 * first group after a TD naming T=1 (group 3), TCK whenever a protocol other than T=0 is offered.
 */
export function buildTpduAtr(options: TpduAtrOptions): Uint8Array {
  const historical = options.historicalBytes ?? new Uint8Array(0);
  if (historical.length > 15) throw new RangeError('at most 15 historical bytes');
  const shape = options.protocols.join(',');
  if (shape !== '0' && shape !== '1' && shape !== '0,1') throw new RangeError(`unsupported protocol list ${shape}`);
  const first: Group = {};
  if (options.ta1 !== undefined) first.ta = options.ta1;
  if (options.extraGuardTime !== undefined) first.tc = options.extraGuardTime;
  const groups: Group[] = [first];
  const wi = options.waitingInteger ?? 10;
  const offersT1 = options.protocols.includes(1);
  const needsSecondGroup = wi !== 10 || offersT1;
  if (options.protocols.length > 1 || options.protocols[0] !== 0 || needsSecondGroup) {
    first.next = options.protocols[0] ?? 0;
    const second: Group = wi !== 10 ? { tc: wi } : {};
    groups.push(second);
    if (offersT1) {
      second.next = 1;
      const third: Group = { ta: options.ifsc ?? 32, tb: ((options.bwi ?? 4) << 4) | (options.cwi ?? 13) };
      if (options.crc) third.tc = 0x01;
      groups.push(third);
    }
  }
  const bytes: number[] = [0x3b];
  const presence = (g: Group): number =>
    (g.ta !== undefined ? 0x1 : 0) | (g.tb !== undefined ? 0x2 : 0) | (g.tc !== undefined ? 0x4 : 0) | (g.next !== undefined ? 0x8 : 0);
  bytes.push((presence(first) << 4) | historical.length);
  groups.forEach((g, i) => {
    for (const v of [g.ta, g.tb, g.tc]) if (v !== undefined) bytes.push(v);
    if (g.next !== undefined) bytes.push((presence(groups[i + 1] ?? {}) << 4) | g.next);
  });
  bytes.push(...historical);
  if (options.protocols.some((t) => t !== 0)) bytes.push(bytes.slice(1).reduce((x, b) => x ^ b, 0));
  return Uint8Array.from(bytes);
}
