/**
 * The interface-device side of T=0 (ISO/IEC 7816-3 §10.3, §12.2): maps a short command APDU onto TPDUs for a
 * TPDU-level CCID reader, which handles the procedure bytes itself and returns data + SW1 SW2 per TPDU.
 *   case 1  CLA INS P1 P2 00
 *   case 2  CLA INS P1 P2 Le; 6Cxx → send again with P3 = xx (§12.2.3)
 *   case 3  CLA INS P1 P2 Lc data
 *   case 4  as case 3; 61xx → GET RESPONSE with P3 = min(Ne, xx) (§12.2.5)
 * 61xx after data (or on case 1/3) is the card's own response chaining (ISO/IEC 7816-4, SW1 61: more bytes
 * available) and goes up unchanged, as on a T=1 or APDU-level link. Extended APDUs cannot be carried (§12.1)
 * and are refused.
 */
import { concatBytes } from '../shared/bytes';
import { decodeCommand } from '../apdu';
import { NotSupportedError } from '../shared/errors';
import { TPDU_FAILURE, TpduLinkError } from './tpdu-errors';

/** One TPDU out, data + SW1 SW2 back; null when the reader reports the card mute. */
export type TpduExchange = (tpdu: Uint8Array, timeoutMs: number) => Promise<Uint8Array | null>;

export interface T0Options {
  readonly timeoutMs: number;
  /**
   * EMV Book 1 §9.3.1.3 (not ISO): after 62xx/63xx on case 4, send GET RESPONSE (Le 00) and return its data
   * with the first warning. Off by default: on most cards the GET RESPONSE is refused anyway.
   */
  readonly getResponseAfterWarning?: boolean;
  /** Bound on TPDUs per APDU (6Cxx re-sends + GET RESPONSE rounds). */
  readonly maxRounds?: number;
}

const SW1 = { MoreData: 0x61, WrongLe: 0x6c } as const;
const INS_GET_RESPONSE = 0xc0;
const DEFAULT_MAX_ROUNDS = 16;
const SHORT_MAX = 256;

const isSwOnly = (r: Uint8Array, sw1: number): boolean => r.length === 2 && r[0] === sw1;
const isWarning = (r: Uint8Array): boolean => r.length === 2 && (r[0] === 0x62 || r[0] === 0x63);
const isSuccess = (r: Uint8Array): boolean => r.length >= 2 && r[r.length - 2] === 0x90 && r[r.length - 1] === 0x00;

/** GET RESPONSE keeps the logical channel of the command (ISO/IEC 7816-4 §5.4.1); proprietary classes use 00. */
function getResponseClass(cla: number): number {
  if ((cla & 0xe0) === 0x00) return cla & 0x03;
  if ((cla & 0xc0) === 0x40) return cla & 0x4f;
  return 0x00;
}

export class T0Driver {
  private readonly maxRounds: number;

  constructor(
    private readonly exchange: TpduExchange,
    private readonly options: T0Options,
  ) {
    this.maxRounds = options.maxRounds ?? DEFAULT_MAX_ROUNDS;
  }

  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    const command = decodeCommand(apdu);
    // Extended form: 00 then two length bytes after the header (ISO/IEC 7816-4 §5.1).
    if (apdu.length >= 7 && apdu[4] === 0) {
      throw new NotSupportedError('extended-apdu-t0', 'T=0 carries only short APDUs (ISO/IEC 7816-3 §12.1); this command needs extended length');
    }
    // §10.3.2: CLA FF is PPS; INS 6X and 9X would read as procedure bytes.
    if (command.cla === 0xff) {
      throw new NotSupportedError('t0-cla-ff', 'CLA FF is invalid under T=0 (ISO/IEC 7816-3 §10.3.2): it marks a PPS request');
    }
    if ((command.ins & 0xf0) === 0x60 || (command.ins & 0xf0) === 0x90) {
      throw new NotSupportedError('t0-ins-6x-9x', `INS 0x${command.ins.toString(16)} is invalid under T=0 (ISO/IEC 7816-3 §10.3.2)`);
    }
    const header = apdu.subarray(0, 4);
    const ne = command.le;
    const rounds = { count: 0 };
    let response: Uint8Array;
    if (command.data) {
      const tpdu = concatBytes(header, Uint8Array.of(command.data.length), command.data);
      try {
        response = await this.send(tpdu, rounds);
      } finally {
        tpdu.fill(0); // it holds the command data (a PIN in a VERIFY): wiped once sent (issue 7 §3)
      }
    } else {
      response = await this.sendOutgoing(header, ne ?? 0, rounds, ne !== undefined);
    }
    if (ne === undefined) return response;
    let warning: Uint8Array | null = null;
    if (command.data && this.options.getResponseAfterWarning && isWarning(response)) {
      warning = response;
      response = await this.sendOutgoing(this.getResponseHeader(command.cla), SHORT_MAX, rounds, true);
    }
    // §12.2.5: 61xx with no data yet: the response waits for GET RESPONSE.
    while (isSwOnly(response, SW1.MoreData)) {
      const available = (response[1] as number) || SHORT_MAX;
      response = await this.sendOutgoing(this.getResponseHeader(command.cla), Math.min(ne, available), rounds, true);
    }
    if (warning) return isSuccess(response) ? concatBytes(response.subarray(0, response.length - 2), warning) : warning;
    return response;
  }

  /** Case 1/2 TPDU: P3 = Le (256 → 00); on 6Cxx send again with P3 = xx (§12.2.3). */
  private async sendOutgoing(header: Uint8Array, le: number, rounds: { count: number }, correctLe: boolean): Promise<Uint8Array> {
    let response = await this.send(concatBytes(header, Uint8Array.of(le & 0xff)), rounds);
    while (correctLe && isSwOnly(response, SW1.WrongLe)) {
      response = await this.send(concatBytes(header, Uint8Array.of(response[1] as number)), rounds);
    }
    return response;
  }

  private getResponseHeader(cla: number): Uint8Array {
    return Uint8Array.of(getResponseClass(cla), INS_GET_RESPONSE, 0x00, 0x00);
  }

  private async send(tpdu: Uint8Array, rounds: { count: number }): Promise<Uint8Array> {
    if (++rounds.count > this.maxRounds) {
      throw new TpduLinkError(TPDU_FAILURE.TooManyProcedureRounds, 0, true, `more than ${this.maxRounds} TPDUs for one command`);
    }
    const response = await this.exchange(tpdu, this.options.timeoutMs);
    if (response === null) {
      throw new TpduLinkError(TPDU_FAILURE.CardMute, 0, true, 'the card did not answer the TPDU');
    }
    if (response.length < 2) {
      throw new TpduLinkError(TPDU_FAILURE.ShortResponse, 0, true, `the reader returned ${response.length} bytes, fewer than SW1 SW2`);
    }
    return response;
  }
}
