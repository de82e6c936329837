/**
 * What the host T=1 engine is given: the injected block exchange (one CCID XfrBlock round trip), the link
 * settings from the ATR/plan, and the bounds that keep every loop finite (ISO/IEC 7816-3 §11.6.3.2 rule 7.4
 * for retransmissions and resynchronisation; the rest are ours).
 */
import type { EdcKind } from './edc';

/** One block out, the card's block back; null when the reader reports the card mute or a parity error. */
export type BlockExchange = (block: Uint8Array, timeoutMs: number, waitingTimeMultiplier: number) => Promise<Uint8Array | null>;

export interface T1DriverSettings {
  readonly ifsc: number;
  readonly ifsd: number;
  readonly edc: EdcKind;
  readonly maxInfPerBlock: number;
  readonly blockTimeoutMs: number;
}

export interface T1Limits {
  /** Rule 7.4: consecutive failed rounds before S(RESYNCH) (libccid uses 3). */
  readonly maxRetransmissions: number;
  readonly maxResynchAttempts: number;
  readonly maxWaitingTimeExtensions: number;
  /** Longest response APDU (65536 data + SW). */
  readonly maxResponseLength: number;
  /** Longest command APDU (case 4 extended: 4 + 3 + 65535 + 2). */
  readonly maxCommandLength: number;
}

export const DEFAULT_T1_LIMITS: T1Limits = {
  maxRetransmissions: 3,
  maxResynchAttempts: 3,
  maxWaitingTimeExtensions: 255,
  maxResponseLength: 65538,
  maxCommandLength: 65544,
};
