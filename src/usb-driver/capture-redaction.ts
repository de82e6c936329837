/**
 * What the USB capture must hide is supplied from above: the card profile's RedactionPolicy (defined once, in
 * shared/redaction, for the traffic log and the capture alike). A transport knows no APDU semantics; this file
 * holds only the fail-closed default and the byte zeroing.
 */
import type { ByteRange, RedactionPolicy } from '../shared/redaction';

/** ISO 7816-4 §5.1: a command APDU starts with a 4-byte header; a response ends with SW1 SW2. */
const APDU_HEADER = 4;
const STATUS_WORD = 2;

/**
 * The fail-closed default when nobody injected a policy: every byte after a command's header and every
 * response byte before its status word is hidden. A forgotten policy then hides too much, never a PIN.
 */
export const CAPTURE_REDACT_ALL: RedactionPolicy = Object.freeze({
  commandSecrets: (command: Uint8Array) => (command.length > APDU_HEADER ? [{ start: APDU_HEADER, end: command.length }] : []),
  responseSecrets: (_command: Uint8Array, response: Uint8Array) =>
    response.length > STATUS_WORD ? [{ start: 0, end: response.length - STATUS_WORD }] : [],
});

/** Zeroes `ranges` of `bytes` in place (clamped); returns whether any byte was in a range. */
export function zeroRanges(bytes: Uint8Array, ranges: readonly ByteRange[]): boolean {
  let touched = false;
  for (const { start, end } of ranges) {
    const from = Math.max(0, start);
    const to = Math.min(bytes.length, end);
    if (to > from) {
      bytes.fill(0, from, to);
      touched = true;
    }
  }
  return touched;
}
