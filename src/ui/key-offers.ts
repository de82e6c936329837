/**
 * What the UI offers for a key: only what its card's profile said it can do (issue 17 §3), so no button leads
 * to a refusal. A record stored before the worker reported capabilities keeps the offers it always had; the
 * next read of the key replaces them with the profile's answer.
 */
import type { TokenRecord } from '../store/records';

export interface KeyOffers {
  /** The PIN screen (verify, change). */
  readonly pin: boolean;
  /** Unblocking the PIN with the card's unblock code (PUK), and changing that code. */
  readonly unblockCode: boolean;
  /** 证书延期 (new key, CSR, certificate written to the card). */
  readonly renew: boolean;
  /** Sign-in with a key of this card. */
  readonly sign: boolean;
}

const BEFORE_CAPABILITIES: KeyOffers = { pin: true, unblockCode: true, renew: true, sign: true };

export function keyOffers(record: TokenRecord): KeyOffers {
  const caps = record.capabilities;
  if (!caps) return BEFORE_CAPABILITIES;
  return { pin: caps.credentials.pin, unblockCode: caps.credentials.unblockCode, renew: caps.renews, sign: caps.signs };
}
