/**
 * Opening a TPDU-level CCID link in one call: plan from the ATR and the reader's descriptor, PPS when the
 * reader does not (ISO/IEC 7816-3 §9; a failed PPS means deactivation, a cold reset and the defaults, §9.3),
 * PC_to_RDR_SetParameters (CCID §6.1.7), S(IFS request) when the reader does not send it (CCID dwFeatures
 * 0x400), then the T=0 or T=1 engine. The CCID transport implements `TpduReaderPort` with its messages.
 */
import { parseAtr } from './atr';
import { readAtrProtocolParameters } from './atr-parameters';
import { planTpduLink, type TpduLinkPlan, type TpduPlanOptions, type TpduReaderFacts } from './ccid-tpdu-plan';
import { checkPpsResponse } from './pps';
import { T0Driver } from './t0-driver';
import { T1Driver } from './t1-driver';
import type { T1Limits } from './t1-settings';

/** What the engines need from the CCID transport. */
export interface TpduReaderPort {
  /**
   * PC_to_RDR_XfrBlock with `payload`, wLevelParameter 0, bBWI = `waitingTimeMultiplier` when above 1 (else 0);
   * keeps reading through time-extension replies. Returns the DataBlock's data, or null when bError is
   * ICC_MUTE (FE) or XFR_PARITY_ERROR (FD). Other failures throw the transport's own errors.
   */
  xfrBlock(payload: Uint8Array, timeoutMs: number, waitingTimeMultiplier: number): Promise<Uint8Array | null>;
  /** PC_to_RDR_SetParameters (0x61) → RDR_to_PC_Parameters (0x82); throws when the reader refuses. */
  setParameters(protocolNum: 0 | 1, data: Uint8Array): Promise<void>;
  /** PC_to_RDR_IccPowerOff then IccPowerOn: the new ATR. */
  coldReset(): Promise<Uint8Array>;
}

export interface TpduLink {
  readonly plan: TpduLinkPlan;
  /** The ATR in force (a new one after a failed PPS). */
  readonly atr: Uint8Array;
  /** Whether the card accepted our PPS (null: none was sent). */
  readonly ppsAccepted: boolean | null;
  /** One command APDU → the response APDU (data + SW1 SW2). */
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
}

/** Longest command over T=0 (5-byte header + 255 data + Le) and T=1 (extended case 4). */
const MAX_COMMAND = { 0: 261, 1: 65544 } as const;
/** Timeout for the PPS exchange: a few hundred etu at the initial rate, rounded up generously. */
const PPS_TIMEOUT_MS = 2000;

export function maxCommandLength(protocol: 0 | 1): number {
  return MAX_COMMAND[protocol];
}

export async function openTpduLink(
  port: TpduReaderPort,
  atr: Uint8Array,
  reader: TpduReaderFacts,
  options: TpduPlanOptions & { readonly t1Limits?: Partial<T1Limits> } = {},
): Promise<TpduLink> {
  let currentAtr = atr;
  let plan = planTpduLink(readAtrProtocolParameters(parseAtr(currentAtr)), reader, options);
  let ppsAccepted: boolean | null = null;
  if (plan.pps) {
    const reply = await port.xfrBlock(plan.pps, PPS_TIMEOUT_MS, 1);
    const verdict = reply ? checkPpsResponse(plan.pps, reply) : null;
    ppsAccepted = verdict?.accepted ?? false;
    if (!verdict?.accepted) {
      currentAtr = await port.coldReset();
      plan = planTpduLink(readAtrProtocolParameters(parseAtr(currentAtr)), reader, { ...options, ppsFailed: true });
    } else if (verdict.fiDi !== plan.fiDi) {
      // §9.3: PPS1 left out of the answer: the card stays at Fd/Dd.
      plan = { ...plan, fiDi: verdict.fiDi, setParameters: plan.setParameters && { ...plan.setParameters, data: withFiDi(plan.setParameters.data, verdict.fiDi) } };
    }
  }
  if (plan.setParameters) await port.setParameters(plan.setParameters.protocolNum, plan.setParameters.data);
  if (plan.t1) {
    const driver = new T1Driver(plan.t1, (block, timeoutMs, multiplier) => port.xfrBlock(block, timeoutMs, multiplier), options.t1Limits);
    if (plan.t1.negotiateIfsd) await driver.negotiateIfsd();
    return { plan, atr: currentAtr, ppsAccepted, transmit: (apdu) => driver.transmit(apdu) };
  }
  const driver = new T0Driver((tpdu, timeoutMs) => port.xfrBlock(tpdu, timeoutMs, 1), { timeoutMs: plan.t0TimeoutMs ?? PPS_TIMEOUT_MS });
  return { plan, atr: currentAtr, ppsAccepted, transmit: (apdu) => driver.transmit(apdu) };
}

/** bmFindexDindex is the first byte of both abProtocolDataStructure layouts (CCID §6.1.7). */
function withFiDi(data: Uint8Array, fiDi: number): Uint8Array {
  const out = data.slice();
  out[0] = fiDi;
  return out;
}
