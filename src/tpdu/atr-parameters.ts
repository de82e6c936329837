/**
 * The protocol parameters an Answer-to-Reset gives (ISO/IEC 7816-3 §8.2.3, §8.3, §10.2, §11.4): TA1 (Fi/Di),
 * TC1 (extra guard time), TA2 (specific mode), TC2 (T=0 WI), the TD chain (offered protocols) and the T=1
 * bytes (the first TA/TB/TC after a TD that names T=1, from group 3 on: IFSC, BWI/CWI, EDC).
 *
 * It reads the interface-byte groups that `usb-driver/atr.ts` parses (one ATR parser in the code base); any
 * structurally equal value works. Values the standard reserves throw `AtrError`.
 */
import { AtrError } from './atr-errors';
import { DEFAULT_FI_DI, transmissionFactors, type TransmissionFactors } from './fi-di';
import { DEFAULT_IFSD, IFS_RANGE } from './t1-block';
import type { EdcKind } from './edc';

export interface AtrInterfaceGroup {
  readonly ta: number | null;
  readonly tb: number | null;
  readonly tc: number | null;
  readonly td: number | null;
}

export interface AtrInterfaceBytes {
  /** Groups i = 1, 2, … (index 0 is TA1 TB1 TC1 TD1). */
  readonly interfaceBytes: readonly AtrInterfaceGroup[];
  readonly convention?: 'direct' | 'inverse';
}

export interface SpecificMode {
  /** The only protocol the card will use (TA2 bits 4–1). */
  readonly protocol: number;
  /** TA2 b8 = 0: a warm reset may switch to negotiable mode. */
  readonly canChangeMode: boolean;
  /** TA2 b5 = 1: Fi/Di are implicit, not those of TA1. */
  readonly implicitFactors: boolean;
}

export interface T1AtrParameters {
  /** Information field size of the card, §11.4.2 (default 32). */
  readonly ifsc: number;
  /** Block and character waiting time integers, §11.4.3 (default TB 4D: BWI 4, CWI 13). */
  readonly bwi: number;
  readonly cwi: number;
  /** §11.4.4: TC bit 1 = 1 selects CRC. */
  readonly edc: EdcKind;
}

export interface AtrProtocolParameters {
  /** Every transmission protocol the TD chain offers (T=15 excluded), first offered first. */
  readonly offeredProtocols: readonly number[];
  /** TA1 as sent, null when absent. */
  readonly ta1: number | null;
  /** The Fi/Di byte the card asks for (TA1, or 11 when absent). */
  readonly requestedFiDi: number;
  /** Factors of `requestedFiDi`; null when TA1 uses a reserved value (then only 11 is usable). */
  readonly requestedFactors: TransmissionFactors | null;
  /** TC1: extra guard time N (0 when absent; FF = minimum guard time). */
  readonly extraGuardTime: number;
  readonly specificMode: SpecificMode | null;
  /** TC2: T=0 waiting time integer WI (default 10). */
  readonly t0WaitingInteger: number;
  readonly t1: T1AtrParameters;
  /** First TA for T=15, bits 8–7: clock stop indicator XI (0 = not supported), for CCID bClockStop. */
  readonly clockStop: number;
  readonly convention: 'direct' | 'inverse';
}

const T1_DEFAULT_TB = 0x4d;
const T0_DEFAULT_WI = 10;
const MAX_BWI = 9;

/** Interface bytes that qualify protocol `t`: groups i ≥ 3 whose TD(i-1) names `t` (§8.2.3). */
function groupsFor(groups: readonly AtrInterfaceGroup[], t: number): AtrInterfaceGroup[] {
  const out: AtrInterfaceGroup[] = [];
  for (let i = 2; i < groups.length; i++) {
    const previousTd = groups[i - 1]?.td;
    if (previousTd !== null && previousTd !== undefined && (previousTd & 0x0f) === t) out.push(groups[i] as AtrInterfaceGroup);
  }
  return out;
}

function firstOf(groups: readonly AtrInterfaceGroup[], key: 'ta' | 'tb' | 'tc'): number | null {
  for (const g of groups) {
    const value = g[key];
    if (value !== null) return value;
  }
  return null;
}

function t1Parameters(groups: readonly AtrInterfaceGroup[]): T1AtrParameters {
  const t1Groups = groupsFor(groups, 1);
  const ifsc = firstOf(t1Groups, 'ta') ?? DEFAULT_IFSD;
  if (ifsc < IFS_RANGE.min || ifsc > IFS_RANGE.max) throw new AtrError('bad-ifsc', `ATR IFSC 0x${ifsc.toString(16)} is reserved (§11.4.2)`);
  const tb = firstOf(t1Groups, 'tb') ?? T1_DEFAULT_TB;
  const bwi = tb >> 4;
  if (bwi > MAX_BWI) throw new AtrError('bad-bwi', `ATR BWI ${bwi} is reserved (§11.4.3)`);
  const tc = firstOf(t1Groups, 'tc') ?? 0;
  return { ifsc, bwi, cwi: tb & 0x0f, edc: (tc & 0x01) !== 0 ? 'crc' : 'lrc' };
}

export function readAtrProtocolParameters(atr: AtrInterfaceBytes): AtrProtocolParameters {
  const groups = atr.interfaceBytes;
  const first = groups[0] ?? { ta: null, tb: null, tc: null, td: null };
  const second = groups[1] ?? { ta: null, tb: null, tc: null, td: null };
  const offered: number[] = [];
  for (const g of groups) {
    if (g.td === null) continue;
    const t = g.td & 0x0f;
    if (t !== 15 && !offered.includes(t)) offered.push(t);
  }
  // §8.2.3: no TD1 means T=0 only.
  if (offered.length === 0) offered.push(0);
  const requestedFiDi = first.ta ?? DEFAULT_FI_DI;
  const ta2 = second.ta;
  const specificMode = ta2 === null
    ? null
    : { protocol: ta2 & 0x0f, canChangeMode: (ta2 & 0x80) === 0, implicitFactors: (ta2 & 0x10) !== 0 };
  const wi = second.tc ?? T0_DEFAULT_WI;
  if (wi === 0) throw new AtrError('bad-wi', 'ATR TC2 = 00 (WI 0) is reserved (§10.2)');
  const t15 = firstOf(groupsFor(groups, 15), 'ta');
  return {
    offeredProtocols: offered,
    ta1: first.ta,
    requestedFiDi,
    requestedFactors: transmissionFactors(requestedFiDi),
    extraGuardTime: first.tc ?? 0,
    specificMode,
    t0WaitingInteger: wi,
    t1: t1Parameters(groups),
    clockStop: t15 === null ? 0 : t15 >> 6,
    convention: atr.convention ?? 'direct',
  };
}
