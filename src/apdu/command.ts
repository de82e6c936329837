import { MalformedApduError } from './format-errors';

/**
 * A command APDU (ISO 7816-4 §5.1). `le` is the expected response length: undefined = no Le field (cases 1
 * and 3); 0 = "as much as there is" (encoded as 00 short / 0000 extended). `decodeCommand` never yields 0: it
 * reports the decoded maximum itself, 256 or 65536, so the card side knows which form the host used.
 */
export interface CommandApdu {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  readonly data?: Uint8Array;
  /** expected response length; 0 = maximum (256 short / 65536 extended); undefined = no Le */
  readonly le?: number;
}

/** ISO 7816-4 §5.1: limits of the short and extended length fields. */
export const APDU_LIMITS = {
  HEADER: 4,
  SHORT_MAX_DATA: 255,
  SHORT_MAX_LE: 256,
  EXTENDED_MAX_DATA: 65535,
  EXTENDED_MAX_LE: 65536,
} as const;

function checkByte(value: number, field: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) {
    throw new MalformedApduError(0, `${field} must be a byte, got ${value}`);
  }
}

/** Whether `cmd` needs the extended form: data over 255 bytes, Le over 256, or Le = 0 with extended allowed. */
function needsExtended(dataLength: number, le: number | undefined, extended: boolean): boolean {
  if (dataLength > APDU_LIMITS.SHORT_MAX_DATA) return true;
  if (le === undefined) return false;
  if (le > APDU_LIMITS.SHORT_MAX_LE) return true;
  // Le = 0 asks for everything: on an extended link, ask for 65536 so a large object comes in one response
  // instead of 256-byte GET RESPONSE rounds.
  return le === 0 && extended;
}

/**
 * Encodes cases 1-4 (ISO 7816-4 §5.1, Table 1). With `extended: true` the extended form is used only when the
 * command needs it (see needsExtended); short commands stay short, which every card accepts.
 */
export function encodeCommand(cmd: CommandApdu, options: { extended: boolean }): Uint8Array<ArrayBuffer> {
  checkByte(cmd.cla, 'CLA');
  checkByte(cmd.ins, 'INS');
  checkByte(cmd.p1, 'P1');
  checkByte(cmd.p2, 'P2');
  const data = cmd.data ?? new Uint8Array(0);
  const le = cmd.le;
  if (le !== undefined && (!Number.isInteger(le) || le < 0 || le > APDU_LIMITS.EXTENDED_MAX_LE)) {
    throw new MalformedApduError(data.length, `Le must be 0..65536, got ${le}`);
  }
  if (data.length > APDU_LIMITS.EXTENDED_MAX_DATA) {
    throw new MalformedApduError(data.length, `command data of ${data.length} bytes exceeds 65535`);
  }
  const extended = needsExtended(data.length, le, options.extended);
  if (extended && !options.extended) {
    throw new MalformedApduError(data.length, 'command needs extended length but the link has only short APDUs');
  }
  const out: number[] = [cmd.cla, cmd.ins, cmd.p1, cmd.p2];
  if (data.length > 0) {
    // Extended Lc: a 00 byte then two bytes (§5.1, "extended length fields").
    if (extended) out.push(0x00, data.length >> 8, data.length & 0xff);
    else out.push(data.length);
  }
  // Le field: 1 byte short; extended 2 bytes, plus a leading 00 in case 2E where no Lc marked the form.
  const leSize = le === undefined ? 0 : !extended ? 1 : data.length === 0 ? 3 : 2;
  const bytes = new Uint8Array(out.length + data.length + leSize);
  bytes.set(out, 0);
  bytes.set(data, out.length);
  if (le !== undefined) {
    let pos = out.length + data.length;
    // 256 (short) and 65536 (extended) wrap to 00 / 0000 — the same code as "maximum".
    const code = le === APDU_LIMITS.EXTENDED_MAX_LE ? 0 : le === APDU_LIMITS.SHORT_MAX_LE && !extended ? 0 : le;
    if (extended) {
      // Case 2E has a 00 before Le; in case 4E the 00 before Lc already marks the extended form.
      if (data.length === 0) bytes[pos++] = 0x00;
      bytes[pos++] = code >> 8;
      bytes[pos] = code & 0xff;
    } else {
      bytes[pos] = code;
    }
  }
  return bytes;
}

function fail(bytes: Uint8Array, why: string): never {
  throw new MalformedApduError(bytes.length, `malformed command APDU of ${bytes.length} bytes: ${why}`);
}

function header(bytes: Uint8Array): Pick<CommandApdu, 'cla' | 'ins' | 'p1' | 'p2'> {
  return { cla: bytes[0]!, ins: bytes[1]!, p1: bytes[2]!, p2: bytes[3]! };
}

const shortLe = (code: number): number => (code === 0 ? APDU_LIMITS.SHORT_MAX_LE : code);
const extendedLe = (hi: number, lo: number): number => (hi === 0 && lo === 0 ? APDU_LIMITS.EXTENDED_MAX_LE : hi * 256 + lo);

/**
 * Strict parser of the body after the header (ISO 7816-4 §5.1, Table 1): the length fields must account for
 * every byte. Short Le 00 decodes as 256, extended 0000 as 65536.
 */
export function decodeCommand(bytes: Uint8Array): CommandApdu {
  const n = bytes.length;
  if (n < APDU_LIMITS.HEADER) fail(bytes, 'shorter than the 4-byte header');
  const head = header(bytes);
  if (n === 4) return head; // case 1
  const b4 = bytes[4]!;
  if (n === 5) return { ...head, le: shortLe(b4) }; // case 2S
  if (b4 !== 0) {
    const lc = b4;
    const data = bytes.slice(5, 5 + lc);
    if (n === 5 + lc) return { ...head, data }; // case 3S
    if (n === 6 + lc) return { ...head, data, le: shortLe(bytes[n - 1]!) }; // case 4S
    return fail(bytes, `short Lc ${lc} does not match the length`);
  }
  // b4 = 00 and more bytes follow: the extended form.
  if (n < 7) return fail(bytes, 'truncated extended length field');
  if (n === 7) return { ...head, le: extendedLe(bytes[5]!, bytes[6]!) }; // case 2E
  const lc = bytes[5]! * 256 + bytes[6]!;
  if (lc === 0) return fail(bytes, 'extended Lc of 0');
  const data = bytes.slice(7, 7 + lc);
  if (n === 7 + lc) return { ...head, data }; // case 3E
  if (n === 9 + lc) return { ...head, data, le: extendedLe(bytes[n - 2]!, bytes[n - 1]!) }; // case 4E
  return fail(bytes, `extended Lc ${lc} does not match the length`);
}

/** Whether the CLA byte has the command-chaining bit (ISO 7816-4 §5.1.1.1, b5 of an interindustry CLA). */
export const CLA_CHAINING = 0x10;
