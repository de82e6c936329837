/**
 * Errors of the ISO/IEC 7816-3 transmission protocols T=0 (§10, §12.2) and T=1 (§11) that the host speaks
 * itself on a TPDU-level CCID reader. `TpduLinkError` is what leaves the engines; `T1BlockFormatError` is the
 * block decoder's own error, which the T=1 engine turns into an R-block (§11.6.3 rule 7.1) and never rethrows.
 */
import { registerError, UKeyError, type GuideId } from '../shared/errors';
import './error-texts';

/** Why a TPDU exchange failed. Stable codes: the UI, tests and the helpdesk export read them. */
export const TPDU_FAILURE = {
  /** T=1 §11.6.3.2: three retransmissions failed; S(RESYNCH) succeeded, so the link works but the command's outcome is unknown. */
  Resynchronised: 'resynchronised',
  /** T=1: S(RESYNCH) failed three times too; the card needs a warm reset (deactivation, §11.6.3.2 rule 7.4.3). */
  Unrecoverable: 'unrecoverable',
  /** A previous failure left the link unusable: reset the card before the next command. */
  LinkDead: 'link-dead',
  /** T=1 §11.6.2.3 rule 9: the card aborted the chain with S(ABORT request). */
  AbortedByCard: 'aborted-by-card',
  /** The card's response chain passed the length bound; we aborted it with S(ABORT request). */
  ResponseTooLong: 'response-too-long',
  /** More S(WTX request) blocks than the bound for one command. */
  TooManyWaitingTimeExtensions: 'too-many-wtx',
  /** T=1: S(IFS request) was not echoed after the retransmissions (§11.4.2). */
  IfsNegotiationFailed: 'ifs-negotiation-failed',
  /** T=0: the reader returned fewer than the two status bytes (§10.3.3). */
  ShortResponse: 'short-response',
  /** T=0: the card kept answering 61xx/6Cxx past the bound (§12.2.2–§12.2.5). */
  TooManyProcedureRounds: 'too-many-procedure-rounds',
  /** T=0: the card did not answer at all (the reader reported the card mute). */
  CardMute: 'card-mute',
} as const;
export type TpduFailure = (typeof TPDU_FAILURE)[keyof typeof TPDU_FAILURE];

/** A T=0/T=1 exchange with the card failed in a way the protocol's own recovery could not fix. */
export class TpduLinkError extends UKeyError {
  override readonly name = 'TpduLinkError';
  readonly guideId: GuideId = 'card-error';

  constructor(
    readonly failure: TpduFailure,
    readonly protocol: 0 | 1,
    /** False only when the card cannot have executed the command (its last block was never sent). */
    readonly commandMayHaveRun: boolean,
    message: string,
  ) {
    super(message);
  }

  override toFields(): Record<string, string | number | boolean | null> {
    return { failure: this.failure, protocol: this.protocol, commandMayHaveRun: this.commandMayHaveRun };
  }
}
registerError('TpduLinkError', (m, f) => {
  const protocol = f.protocol === 0 ? 0 : 1;
  return new TpduLinkError(String(f.failure ?? TPDU_FAILURE.LinkDead) as TpduFailure, protocol, f.commandMayHaveRun !== false, m);
});

/** Reasons a byte string is not a valid T=1 block (§11.3). `bad-edc` maps to R-block error 1, the rest to 2. */
export type T1BlockFault =
  | 'too-short'
  | 'length-mismatch'
  | 'reserved-length'
  | 'bad-edc'
  | 'reserved-pcb'
  | 'bad-s-block'
  | 'inf-too-long';

/** A block that breaks ISO/IEC 7816-3 §11.3. Internal to the T=1 engine: it answers such a block with an R-block. */
export class T1BlockFormatError extends Error {
  override readonly name = 'T1BlockFormatError';
  constructor(readonly fault: T1BlockFault, message: string) {
    super(message);
  }
}
