/**
 * What the PIV session needs from the APDU layer: one command in, data + status word out, with command and
 * response chaining already done below (ISO 7816-4 §5.1.1.1, §5.3.4). `send` turns a non-9000 status word
 * into the typed error of `apdu/` (the one place that maps status words); `transmit` hands the status word
 * back for the few PIV exchanges whose status word is an answer, not a failure (empty VERIFY, SELECT).
 */
import { errorForStatusWord, type StatusContext, type ApduProcessor } from '../../apdu';

/** `pinCommand` marks VERIFY / CHANGE / RESET, where the 630X quirk means tries left (issue 7 §1); `credential` the secret it checks. */
export type PivCommandContext = Omit<StatusContext, 'command'>;

export interface PivCommand {
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  readonly data?: Uint8Array;
  /** Expected response length; 0 = all there is; omitted = no response data expected (ISO 7816-4 case 1/3). */
  readonly le?: number;
}

export interface PivReply {
  readonly data: Uint8Array;
  readonly sw: number;
}

export interface PivChannel {
  transmit(command: PivCommand): Promise<PivReply>;
  send(command: PivCommand, context?: PivCommandContext): Promise<Uint8Array>;
  /** The typed error `apdu/` raises for this status word (for replies read with `transmit`). */
  errorFor(sw: number, context?: PivCommandContext): Error;
}

/** Interindustry class byte: PIV commands use CLA 00 (SP 800-73-4 Part 2 §3); chaining is set below us. */
const CLA_INTERINDUSTRY = 0x00;

/** The channel over the apdu layer's processor (command chaining, 61xx, 6Cxx, status-word errors). */
export function processorChannel(processor: ApduProcessor): PivChannel {
  return {
    transmit: (command) => processor.transmit({ cla: CLA_INTERINDUSTRY, ...command }),
    send: (command, context) => processor.send({ cla: CLA_INTERINDUSTRY, ...command }, context),
    errorFor: (sw, context) => errorForStatusWord(sw, context),
  };
}
