/**
 * The key's one 1340-byte APDU buffer (canokey-core include/common.h) bounds what a single response can hold:
 * its applets answer at most the buffer and leave the rest to GET RESPONSE (61xx, ISO 7816-4 §7.6.1). The
 * emulator's PIV card would answer an extended Le of 65536 in one piece, so the emulator lowers such an Le to
 * what the buffer holds before the card sees the command.
 */

/**
 * What canokey-core 26dc6e8 answers on its web interface, as observed by running its webusb.c and PIV applet
 * built from the snapshot: a SELECT in case 4E whose Le is 0000 (Ne = 65536) gets 6700, while the same SELECT
 * with an Le within the buffer, in case 3E, or in short form is answered. The emulator reproduces it.
 */
export function rejectsExtendedSelect(apdu: Uint8Array): boolean {
  if (apdu.length < 9 || apdu[1] !== 0xa4 || apdu[4] !== 0) return false;
  const lc = (apdu[5]! << 8) | apdu[6]!;
  return lc > 0 && apdu.length === 9 + lc && apdu[7 + lc] === 0 && apdu[8 + lc] === 0;
}

/** Returns `apdu` with an extended Le (ISO 7816-4 §5.1, cases 2E/4E) lowered to `maxNe`; else unchanged. */
export function clampExtendedLe(apdu: Uint8Array, maxNe: number): Uint8Array {
  if (apdu.length < 7 || apdu[4] !== 0) return apdu;
  const lc = (apdu[5]! << 8) | apdu[6]!;
  let leAt: number;
  if (apdu.length === 7) leAt = 5; // case 2E: 00 Le1 Le2
  else if (lc > 0 && apdu.length === 9 + lc) leAt = 7 + lc; // case 4E: Lc, data, Le1 Le2
  else return apdu; // case 3E (no Le) or not a well-formed extended APDU: the card judges it
  const le = (apdu[leAt]! << 8) | apdu[leAt + 1]!;
  const ne = le === 0 ? 0x10000 : le;
  if (ne <= maxNe) return apdu;
  const out = apdu.slice();
  out[leAt] = (maxNe >> 8) & 0xff;
  out[leAt + 1] = maxNe & 0xff;
  return out;
}
