/**
 * 6Cxx (ISO 7816-4 §5.1.3): wrong Le, SW2 = the exact number of bytes available. Re-send the same command once
 * with Le = xx; a second 6Cxx is returned as it is, never looped on. A command that carries a secret is never
 * re-sent (issue 7 §3: a PIN goes to the card once per user action): the 6Cxx ends it with WrongLengthError.
 */
import { APDU_LIMITS, type CommandApdu } from './command';
import type { ApduLayer } from './apdu-layer';
import { WrongLengthError } from './errors';
import type { ResponseApdu } from './response';
import { isWrongLe, sw2 } from './status-words';

export class WrongLengthLayer implements ApduLayer {
  constructor(
    private readonly below: ApduLayer,
    private readonly carriesSecret: (command: CommandApdu) => boolean,
  ) {}

  async transmit(command: CommandApdu): Promise<ResponseApdu> {
    const response = await this.below.transmit(command);
    if (!isWrongLe(response.sw)) return response;
    if (this.carriesSecret(command)) {
      throw new WrongLengthError(response.sw, 'card asked for a different Le; a command carrying a secret is not re-sent', command.ins);
    }
    return this.below.transmit({ ...command, le: sw2(response.sw) || APDU_LIMITS.SHORT_MAX_LE });
  }
}
