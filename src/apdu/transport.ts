/**
 * The one primitive every layer above stands on (STYLE.md, Ledger hw-transport): send one command APDU,
 * get one response APDU back (response data followed by SW1 SW2). A transport never interprets the status
 * word; `apdu/` does that in one place.
 */
export interface ApduTransport {
  /** What the link can carry, so the APDU layer can choose extended length or command chaining. */
  readonly capabilities: TransportCapabilities;
  /** Exchanges one APDU. A second caller while one is in flight gets a busy error. */
  exchange(command: Uint8Array): Promise<Uint8Array>;
  /** Waits for the exchange in flight, then releases the device. */
  close(): Promise<void>;
}

export interface TransportCapabilities {
  /** ISO 7816-4 §5.1: the link and card accept extended Lc/Le (up to 65535 bytes). */
  readonly extendedApdu: boolean;
  /** Largest command APDU (header + data + Le) the link accepts in one exchange. */
  readonly maxCommandLength: number;
}
