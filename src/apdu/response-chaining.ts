/**
 * Response chaining (ISO 7816-4 §5.1.3, §7.6.1): 61xx means xx more bytes (00 = 256 or more) wait for GET
 * RESPONSE with Le = xx; the data of every round is concatenated until the final status word. Bounded twice:
 * by bytes, and by rounds, so a card that answers 6100 with no data for ever ends with a typed error instead
 * of blocking the token's queue (issue 7 §2).
 */
import { concatBytes } from '../shared/bytes';
import { APDU_LIMITS, CLA_CHAINING, type CommandApdu } from './command';
import type { ApduLayer } from './apdu-layer';
import { MalformedApduError } from './format-errors';
import type { ResponseApdu } from './response';
import { isMoreData, sw2 } from './status-words';

/** ISO 7816-4 §7.6.1 GET RESPONSE. */
const INS_GET_RESPONSE = 0xc0;
/** No card object a profile reads (certificates, data objects) comes near 1 MiB. */
export const DEFAULT_MAX_RESPONSE_LENGTH = 1 << 20;
/** 256-byte rounds for the largest object with room to spare; a card sending a few bytes a round still fits. */
export const DEFAULT_MAX_RESPONSE_ROUNDS = 4096;
/** Rounds in a row that bring no data: a working card never needs more than one. */
export const MAX_EMPTY_ROUNDS = 3;

export interface ResponseChainingLimits {
  readonly maxResponseLength?: number;
  readonly maxRounds?: number;
}

export class ResponseChainingLayer implements ApduLayer {
  private readonly maxLength: number;
  private readonly maxRounds: number;

  constructor(
    private readonly below: ApduLayer,
    limits: ResponseChainingLimits = {},
  ) {
    this.maxLength = limits.maxResponseLength ?? DEFAULT_MAX_RESPONSE_LENGTH;
    this.maxRounds = limits.maxRounds ?? DEFAULT_MAX_RESPONSE_ROUNDS;
  }

  async transmit(command: CommandApdu): Promise<ResponseApdu> {
    let response = await this.below.transmit(command);
    if (!isMoreData(response.sw)) return response;
    const cla = command.cla & ~CLA_CHAINING;
    const parts: Uint8Array[] = [];
    let total = 0;
    let rounds = 0;
    let emptyInARow = 0;
    while (isMoreData(response.sw)) {
      parts.push(response.data);
      total += response.data.length;
      emptyInARow = response.data.length === 0 ? emptyInARow + 1 : 0;
      rounds++;
      if (total > this.maxLength) {
        throw new MalformedApduError(total, `response chaining passed ${this.maxLength} bytes`);
      }
      if (rounds > this.maxRounds || emptyInARow > MAX_EMPTY_ROUNDS) {
        const why = emptyInARow > MAX_EMPTY_ROUNDS ? `${emptyInARow} rounds in a row without data` : `more than ${this.maxRounds} rounds`;
        throw new MalformedApduError(total, `response chaining (61xx) did not end: ${why}`);
      }
      const le = sw2(response.sw) || APDU_LIMITS.SHORT_MAX_LE;
      response = await this.below.transmit({ cla, ins: INS_GET_RESPONSE, p1: 0, p2: 0, le });
    }
    parts.push(response.data);
    return { data: concatBytes(...parts), sw: response.sw };
  }
}
