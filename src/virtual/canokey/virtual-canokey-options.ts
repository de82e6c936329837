import type { PivPowerOff } from './canokey-applets';

/** How a test builds the emulated CanoKey (virtual-canokey.ts): its identity, clock and firmware generation. */
export interface VirtualCanoKeyOptions {
  readonly vendorId?: number;
  readonly productId?: number;
  readonly serialNumber?: string;
  /** Clock for the buffer hold; tests pass one they move. */
  readonly now?: () => number;
  /** Whether the BOS carries the (optional) WebUSB platform capability; default true. */
  readonly webUsbCapability?: boolean;
  /** What an applet switch clears in PIV (canokey-applets.ts): 'all' (firmware 2.0.0+, default) or 1.x's 'management-key'. */
  readonly pivPowerOff?: PivPowerOff;
}

/** Faults a test injects. */
export class VirtualCanoKeyFaults {
  /** Wait before the card is asked (RSA key generation takes a real key seconds). */
  processingDelayMs = 0;
  /** The key never finishes the command: the state stays "processing". */
  neverAnswer = false;
  /** A status byte the firmware never sends, for the host's protocol check. */
  statusOverride: number | null = null;
}
