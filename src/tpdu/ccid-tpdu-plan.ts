/**
 * What a host must do itself after the ATR on a TPDU-level CCID reader (CCID Rev 1.1 §5.1 dwFeatures, §6.1.7
 * PC_to_RDR_SetParameters; ISO/IEC 7816-3 §9 PPS, §11.4.2 IFSD): which protocol and Fi/Di to use, whether to
 * send PPS, the SetParameters payload, whether to send S(IFS request), and the read timeouts.
 * Pure: the CCID transport executes the plan (see the report of issue 11 §4 for the call sequence).
 */
import { NotSupportedError } from '../shared/errors';
import type { AtrProtocolParameters } from './atr-parameters';
import { edcLength, type EdcKind } from './edc';
import { DEFAULT_FI_DI, etuMs, t0WaitingTimeMs, t1BlockWaitingTimeMs, transmissionFactors } from './fi-di';
import { buildPpsRequest } from './pps';
import { T1_MAX_INF } from './t1-block';

/** CCID §5.1 Table 5.1-1, dwFeatures bits that decide what the host does. */
export const CCID_FEATURE = {
  AutoParametersFromAtr: 0x00000002,
  AutoParameterNegotiation: 0x00000040,
  AutoPps: 0x00000080,
  NadOtherThanZero: 0x00000200,
  AutoIfsd: 0x00000400,
  TpduLevel: 0x00010000,
} as const;

/** CCID §5.1 dwProtocols bits. */
const CCID_PROTOCOL_BIT = { 0: 0x01, 1: 0x02 } as const;
/** CCID §6.1.4 message header; CCID_HEADER + T=1 prologue/epilogue bound one block's INF. */
const CCID_HEADER_LENGTH = 10;
/** Head room for USB scheduling on top of the card's own waiting time; the reader times the card out first. */
const USB_MARGIN_MS = 1000;
/** A common reader clock (3.58 MHz) when the descriptor gives none. */
const FALLBACK_CLOCK_KHZ = 3580;
/** One character: 10 data/parity bits + at least 2 etu guard time (§7.2). */
const ETU_PER_CHARACTER = 12;

/**
 * The reader's class descriptor fields the plan reads (CCID §5.1), named as `usb-driver/ccid-descriptor.ts`
 * names them, so the transport passes its parsed descriptor as it is.
 */
export interface TpduReaderFacts {
  /** dwFeatures */
  readonly features: number;
  /** dwProtocols */
  readonly protocols: number;
  /** dwMaxIFSD */
  readonly maxIfsd: number;
  /** dwMaxCCIDMessageLength */
  readonly maxCcidMessageLength: number;
  /** dwDefaultClock, kHz; 0 when unknown. */
  readonly defaultClock: number;
  /** dwMaxDataRate, bps; 0 when unknown (then every Fi/Di is assumed possible). */
  readonly maxDataRate: number;
}

export interface TpduPlanOptions {
  /** The card answered an earlier PPS wrongly: after the cold reset, stay on the defaults (ISO 7816-3 §9.3). */
  readonly ppsFailed?: boolean;
  /** Default: T=1 when both are possible (extended APDUs, no case ambiguity). */
  readonly preferredProtocol?: 0 | 1;
}

export interface T1LinkSettings {
  readonly ifsc: number;
  /** The IFSD we announce with S(IFS request), or the reader's when it negotiates IFSD itself. */
  readonly ifsd: number;
  /** Whether the host must send S(IFS request) as its first block (CCID dwFeatures lacks 0x400). */
  readonly negotiateIfsd: boolean;
  readonly edc: EdcKind;
  /** Largest INF we put in one block: IFSC, and what fits in dwMaxCCIDMessageLength. */
  readonly maxInfPerBlock: number;
  /** Host read timeout for one block at WTX 1 (BWT + the longest block + USB margin). */
  readonly blockTimeoutMs: number;
}

export interface TpduLinkPlan {
  readonly protocol: 0 | 1;
  /** Fi/Di byte in effect once the plan is done. */
  readonly fiDi: number;
  /** PPS request to send in one XfrBlock (wLevelParameter 0), then check with `checkPpsResponse`; null = none. */
  readonly pps: Uint8Array | null;
  /** PC_to_RDR_SetParameters bProtocolNum and abProtocolDataStructure (CCID §6.1.7); null = the reader does it. */
  readonly setParameters: { readonly protocolNum: 0 | 1; readonly data: Uint8Array } | null;
  readonly t1: T1LinkSettings | null;
  /** T=0: host read timeout for one TPDU (the reader sends time extensions while the card works). */
  readonly t0TimeoutMs: number | null;
}

function chooseProtocol(atr: AtrProtocolParameters, reader: TpduReaderFacts, options: TpduPlanOptions): 0 | 1 {
  const usable = (t: number): t is 0 | 1 => (t === 0 || t === 1) && (reader.protocols & CCID_PROTOCOL_BIT[t]) !== 0;
  if (atr.specificMode) {
    const t = atr.specificMode.protocol;
    if (usable(t)) return t;
    throw new NotSupportedError(`T=${t}`, `The card is fixed to T=${t}, which this reader or the app cannot speak`);
  }
  if (options.ppsFailed) {
    const first = atr.offeredProtocols[0] ?? 0;
    if (usable(first)) return first;
    throw new NotSupportedError(`T=${first}`, `After a failed PPS only T=${first} is possible, which this reader cannot speak`);
  }
  const order: (0 | 1)[] = options.preferredProtocol === 0 ? [0, 1] : [1, 0];
  for (const t of order) if (atr.offeredProtocols.includes(t) && usable(t)) return t;
  throw new NotSupportedError('T=0/T=1', `The card offers T=${atr.offeredProtocols.join('/T=')}; this reader speaks neither T=0 nor T=1 with it`);
}

/** Whether the reader can clock the card at `fiDi` (baud = f × D / F ≤ dwMaxDataRate). */
function readerSupports(fiDi: number, reader: TpduReaderFacts, clockKhz: number): boolean {
  const factors = transmissionFactors(fiDi);
  if (!factors) return false;
  if (reader.maxDataRate <= 0) return true;
  return (clockKhz * 1000 * factors.di) / factors.fi <= reader.maxDataRate;
}

function chooseFiDi(atr: AtrProtocolParameters, reader: TpduReaderFacts, options: TpduPlanOptions, clockKhz: number): number {
  // Specific mode (§8.2.3 TA2): the card already runs at TA1 unless b5 says the factors are implicit.
  if (atr.specificMode) return atr.specificMode.implicitFactors ? DEFAULT_FI_DI : atr.requestedFiDi;
  if (options.ppsFailed || !atr.requestedFactors) return DEFAULT_FI_DI;
  return readerSupports(atr.requestedFiDi, reader, clockKhz) ? atr.requestedFiDi : DEFAULT_FI_DI;
}

function setParametersData(atr: AtrProtocolParameters, protocol: 0 | 1, fiDi: number): Uint8Array {
  const inverse = atr.convention === 'inverse' ? 0x02 : 0x00;
  if (protocol === 0) {
    // §6.1.7 T=0: bmFindexDindex, bmTCCKST0, bGuardTimeT0, bWaitingIntegerT0, bClockStop.
    return Uint8Array.of(fiDi, inverse, atr.extraGuardTime, atr.t0WaitingInteger, atr.clockStop);
  }
  // §6.1.7 T=1: bmFindexDindex, bmTCCKST1 (0x10 | inverse | CRC), bGuardTimeT1, bmWaitingIntegersT1,
  // bClockStop, bIFSC, bNadValue.
  const t1 = atr.t1;
  const checksum = t1.edc === 'crc' ? 0x01 : 0x00;
  return Uint8Array.of(fiDi, 0x10 | inverse | checksum, atr.extraGuardTime, (t1.bwi << 4) | t1.cwi, atr.clockStop, t1.ifsc, 0);
}

export function planTpduLink(atr: AtrProtocolParameters, reader: TpduReaderFacts, options: TpduPlanOptions = {}): TpduLinkPlan {
  const clockKhz = reader.defaultClock > 0 ? reader.defaultClock : FALLBACK_CLOCK_KHZ;
  const protocol = chooseProtocol(atr, reader, options);
  const fiDi = chooseFiDi(atr, reader, options, clockKhz);
  const readerNegotiates = (reader.features & (CCID_FEATURE.AutoPps | CCID_FEATURE.AutoParameterNegotiation)) !== 0;
  const firstOffered = atr.offeredProtocols[0] ?? 0;
  // §9.1: in negotiable mode the card runs T = first offered at Fd/Dd until a PPS changes either.
  const needsPps = !atr.specificMode && !options.ppsFailed && (fiDi !== DEFAULT_FI_DI || protocol !== firstOffered);
  const pps = needsPps && !readerNegotiates ? buildPpsRequest(protocol, fiDi) : null;
  const proprietary = (reader.features & CCID_FEATURE.AutoParameterNegotiation) !== 0;
  const setParameters = proprietary ? null : { protocolNum: protocol, data: setParametersData(atr, protocol, fiDi) };
  const factors = transmissionFactors(fiDi) ?? { fi: 372, di: 1 };
  const characterMs = ETU_PER_CHARACTER * etuMs(factors, clockKhz);
  if (protocol === 0) {
    const wt = t0WaitingTimeMs(atr.t0WaitingInteger, factors.fi, clockKhz);
    // A short TPDU is at most 5 + 255 bytes out and 256 + 2 back.
    const t0TimeoutMs = Math.ceil(2 * wt + 520 * characterMs + USB_MARGIN_MS);
    return { protocol, fiDi, pps, setParameters, t1: null, t0TimeoutMs };
  }
  const edc = atr.t1.edc;
  const blockOverhead = CCID_HEADER_LENGTH + 3 + edcLength(edc);
  const fitsMessage = Math.max(1, reader.maxCcidMessageLength - blockOverhead);
  const autoIfsd = (reader.features & CCID_FEATURE.AutoIfsd) !== 0;
  const readerIfsd = reader.maxIfsd > 0 ? reader.maxIfsd : T1_MAX_INF;
  const ifsd = Math.min(T1_MAX_INF, readerIfsd, fitsMessage);
  const bwt = t1BlockWaitingTimeMs(atr.t1.bwi, factors, clockKhz);
  const t1: T1LinkSettings = {
    ifsc: atr.t1.ifsc,
    ifsd,
    negotiateIfsd: !autoIfsd,
    edc,
    maxInfPerBlock: Math.min(atr.t1.ifsc, fitsMessage),
    blockTimeoutMs: Math.ceil(bwt + (T1_MAX_INF + 5) * characterMs + USB_MARGIN_MS),
  };
  return { protocol, fiDi, pps, setParameters, t1, t0TimeoutMs: null };
}

/** Plain JSON of a plan for the helpdesk export (the transport's `describe()`). */
export function tpduLinkReport(plan: TpduLinkPlan): Record<string, string | number | boolean | null> {
  const hex = (bytes: Uint8Array | null | undefined): string | null =>
    bytes ? Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ').toUpperCase() : null;
  return {
    protocol: `T=${plan.protocol}`,
    fiDi: plan.fiDi.toString(16).padStart(2, '0').toUpperCase(),
    pps: hex(plan.pps),
    setParameters: hex(plan.setParameters?.data),
    ifsc: plan.t1?.ifsc ?? null,
    ifsd: plan.t1?.ifsd ?? null,
    hostSendsIfsd: plan.t1?.negotiateIfsd ?? null,
    edc: plan.t1?.edc ?? null,
    readTimeoutMs: plan.t1?.blockTimeoutMs ?? plan.t0TimeoutMs,
  };
}
