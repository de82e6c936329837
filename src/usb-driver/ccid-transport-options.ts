/** How a CcidTransport is opened and what its link carries (CCID Rev 1.1, ISO 7816-4 §5.1). */
import type { RedactionPolicy } from '../shared/redaction';
import type { UsbLike } from './usb-like';
import type { UsbCapture } from './usbpcap';

export interface CcidTransportOptions {
  /** navigator.usb or the virtual bus: its 'disconnect' event ends the exchange in flight. */
  readonly usb?: UsbLike;
  /** How long to wait for each reply (a time extension restarts it). */
  readonly timeoutMs?: number;
  /** Longest a card may keep asking for time extensions on one command (RSA key generation takes ~30 s). */
  readonly maxBusyMs?: number;
  readonly capture?: UsbCapture;
  /**
   * What the capture must hide (the card profile's redaction policy, passed down without usb-driver knowing
   * APDU semantics). Given here, it replaces the capture's policy; without it the capture keeps its own, which
   * is fail-closed by default.
   */
  readonly redaction?: RedactionPolicy;
}

export const DEFAULT_CCID_TIMEOUT_MS = 10_000;
export const DEFAULT_CCID_MAX_BUSY_MS = 180_000;
/** ISO 7816-4 §5.1: header 4 + Lc 1 + 255 data + Le 1; extended: 4 + 3 + 65535 + 2. */
export const MAX_SHORT_APDU = 261;
export const MAX_EXTENDED_APDU = 65_544;

/**
 * What the link carries, structurally the apdu TransportCapabilities (usb-driver imports nothing from apdu/, so
 * CcidTransport is an ApduTransport by shape; test/unit/usb-driver/ccid-diagnostics.test.ts checks it).
 */
export interface CcidCapabilities {
  /** ISO 7816-4 §5.1: extended Lc/Le go through (the reader exchanges at extended APDU level). */
  readonly extendedApdu: boolean;
  /** Largest command APDU the link accepts in one exchange. */
  readonly maxCommandLength: number;
}
