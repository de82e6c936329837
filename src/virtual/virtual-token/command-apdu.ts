/**
 * Command APDU parsing on the card side (ISO/IEC 7816-4 §5.1, §5.2 table 2): cases 1, 2S/3S/4S and the
 * extended forms 2E/3E/4E (a 00 byte after the header, then two-byte Lc/Le). Any other length answers 6700,
 * as a card does, with a typed `VirtualCardStatusError`.
 */
import { reject } from './card-status';
import { SW } from './status-words';

export interface CardCommand {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  readonly data: Uint8Array;
  /** Ne, the most response bytes the host accepts; 0 when Le is absent. Le 00 = 256, extended 0000 = 65536. */
  readonly ne: number;
  /** Whether the host used the extended length form (then the card may answer more than 256 bytes at once). */
  readonly extended: boolean;
}

const HEADER = 4;
const EMPTY = new Uint8Array(0);

function shortNe(le: number): number {
  return le === 0 ? 256 : le;
}

function extendedNe(high: number, low: number): number {
  const le = high * 256 + low;
  return le === 0 ? 65536 : le;
}

export function parseCommand(apdu: Uint8Array): CardCommand {
  const n = apdu.length;
  if (n < HEADER) return reject(SW.WRONG_LENGTH, 'shorter than a header');
  const head = { cla: apdu[0]!, ins: apdu[1]!, p1: apdu[2]!, p2: apdu[3]! };
  if (n === HEADER) return { ...head, data: EMPTY, ne: 0, extended: false }; // case 1
  const b5 = apdu[4]!;
  if (n === 5) return { ...head, data: EMPTY, ne: shortNe(b5), extended: false }; // case 2S
  if (b5 !== 0) {
    const data = apdu.slice(5, 5 + b5);
    if (n === 5 + b5) return { ...head, data, ne: 0, extended: false }; // case 3S
    if (n === 6 + b5) return { ...head, data, ne: shortNe(apdu[n - 1]!), extended: false }; // case 4S
    return reject(SW.WRONG_LENGTH, 'short Lc does not match');
  }
  if (n === 7) return { ...head, data: EMPTY, ne: extendedNe(apdu[5]!, apdu[6]!), extended: true }; // case 2E
  if (n < 7) return reject(SW.WRONG_LENGTH, 'extended length cut short');
  const lc = apdu[5]! * 256 + apdu[6]!;
  if (lc === 0) return reject(SW.WRONG_LENGTH, 'extended Lc of 0');
  const data = apdu.slice(7, 7 + lc);
  if (n === 7 + lc) return { ...head, data, ne: 0, extended: true }; // case 3E
  if (n === 9 + lc) return { ...head, data, ne: extendedNe(apdu[n - 2]!, apdu[n - 1]!), extended: true }; // case 4E
  return reject(SW.WRONG_LENGTH, 'extended Lc does not match');
}

export function responseApdu(data: Uint8Array, sw: number): Uint8Array {
  const out = new Uint8Array(data.length + 2);
  out.set(data);
  out[data.length] = (sw >> 8) & 0xff;
  out[data.length + 1] = sw & 0xff;
  return out;
}
