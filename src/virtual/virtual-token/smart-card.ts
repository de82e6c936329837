/**
 * A card as a reader sees it: power, ATR and APDUs. The virtual USB CCID device and the vpcd bridge both
 * wrap one of these, so the same emulated card serves the browser driver and real PC/SC clients.
 */
export interface SmartCard {
  /** Answer-to-reset bytes (ISO 7816-3 §8). */
  readonly atr: Uint8Array;
  /** Cold or warm reset: clears the volatile state (selected application, verified PIN); returns the ATR. */
  powerOn(): Promise<Uint8Array>;
  powerOff(): Promise<void>;
  /** One command APDU in, one response APDU (data + SW1 SW2) out. */
  transmit(command: Uint8Array): Promise<Uint8Array>;
}
