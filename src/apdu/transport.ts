/**
 * The one primitive every layer above stands on (STYLE.md, Ledger hw-transport): send one command APDU,
 * get one response APDU back (response data followed by SW1 SW2). A transport never interprets the status
 * word; `apdu/` does that in one place. It also carries what a device source knows about the link (ATR,
 * disconnect, a report), so nothing above reaches into a concrete transport (issue 7 §5 "Device sources").
 */
export interface ApduTransport {
  /** What the link can carry, so the APDU layer can choose extended length or command chaining. */
  readonly capabilities: TransportCapabilities;
  /** The card's Answer-to-Reset (ISO 7816-3 §8); empty when the source has none. */
  readonly atr: Uint8Array;
  /** True once the device/card is gone; every later exchange rejects with a disconnect error. */
  readonly isDisconnected: boolean;
  /** Called once when the device or card goes away; returns an unsubscribe function. */
  onDisconnect(listener: () => void): () => void;
  /** Exchanges one APDU (command bytes → response data + SW1 SW2). A second caller while one is in flight gets a busy error. */
  exchange(command: Uint8Array): Promise<Uint8Array>;
  /** Waits for the exchange in flight, then releases the device. */
  close(): Promise<void>;
  /** Plain-JSON description of the link for the helpdesk export (reader, protocol, ATR fields). */
  describe(): Record<string, unknown>;
}

export interface TransportCapabilities {
  /** ISO 7816-4 §5.1: the link and card accept extended Lc/Le (up to 65535 bytes). */
  readonly extendedApdu: boolean;
  /** Largest command APDU (header + data + Le) the link accepts in one exchange. */
  readonly maxCommandLength: number;
}
