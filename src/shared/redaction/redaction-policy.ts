/**
 * What of an APDU is secret: the one contract between a card profile, which knows its command set (which
 * command's data is a PIN), and the two places that record traffic — apdu/'s traffic log and usb-driver's USB
 * capture (issue 17 §2: one definition at the bottom, never a structural copy per layer).
 */

/** [start, end) byte offsets into one APDU. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** Supplied by each card profile (its redaction-policy.ts under src/cards/), never a global list. */
export interface RedactionPolicy {
  /** Ranges of one command APDU as sent (one ISO-chained part at a time) that hold a secret. */
  commandSecrets(command: Uint8Array): readonly ByteRange[];
  /** Ranges of a response APDU (data + SW) that hold a secret, given the command part it answers. */
  responseSecrets(command: Uint8Array, response: Uint8Array): readonly ByteRange[];
}
