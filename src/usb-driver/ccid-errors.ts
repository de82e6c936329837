/**
 * Errors of the CCID link and the card behind it (CCID Rev 1.1 §6.2.6, ISO 7816-3 §8). Each one is a UKeyError
 * with a stable name, typed fields and a guide, registered so it survives the worker boundary.
 */
import { registerError, UKeyError, type GuideId } from '../shared/errors';
import './error-texts';

type Fields = Record<string, string | number | boolean | null>;
const num = (value: unknown): number => (typeof value === 'number' ? value : Number(value ?? 0));

/** A CCID frame that breaks CCID §6: too short, wrong type, lengths that disagree, a wrong bSeq. */
export class MalformedCcidError extends UKeyError {
  override readonly name = 'MalformedCcidError';
  readonly guideId: GuideId = 'card-error';
  constructor(readonly reason: string, message: string) {
    super(message);
  }
  override toFields(): Fields {
    return { reason: this.reason };
  }
}
registerError('MalformedCcidError', (m, f) => new MalformedCcidError(String(f.reason ?? ''), m));

/** The reader answered a different bSeq than the one we sent (CCID §6.2: bSeq echoes the command's). */
export class CcidSequenceError extends UKeyError {
  override readonly name = 'CcidSequenceError';
  readonly guideId: GuideId = 'card-error';
  constructor(readonly expected: number, readonly received: number) {
    super(`CCID reply bSeq ${received} does not match command bSeq ${expected}`);
  }
  override toFields(): Fields {
    return { expected: this.expected, received: this.received };
  }
}
registerError('CcidSequenceError', (_m, f) => new CcidSequenceError(num(f.expected), num(f.received)));

/** bmICCStatus = 2: no card in the slot (a token whose chip is loose, or the virtual card removed). */
export class CardAbsentError extends UKeyError {
  override readonly name = 'CardAbsentError';
  readonly guideId: GuideId = 'card-absent';
  constructor(message = 'No card in the reader slot') {
    super(message);
  }
}
registerError('CardAbsentError', (m) => new CardAbsentError(m));

/** bError ICC_MUTE: the card did not answer in time (CCID §6.2.6). */
export class CardMuteError extends UKeyError {
  override readonly name = 'CardMuteError';
  readonly guideId: GuideId = 'card-error';
  constructor(message = 'The card did not answer (ICC_MUTE)') {
    super(message);
  }
}
registerError('CardMuteError', (m) => new CardMuteError(m));

/** bError HW_ERROR, or an interrupt RDR_to_PC_HardwareError (CCID §6.3.2). */
export class CcidHardwareError extends UKeyError {
  override readonly name = 'CcidHardwareError';
  readonly guideId: GuideId = 'card-error';
  constructor(readonly errorCode: number, message = `Reader hardware error 0x${errorCode.toString(16)}`) {
    super(message);
  }
  override toFields(): Fields {
    return { errorCode: this.errorCode };
  }
}
registerError('CcidHardwareError', (m, f) => new CcidHardwareError(num(f.errorCode), m));

/** Any other failed command (bmCommandStatus = 1) with the raw bError and bStatus. */
export class CcidCommandError extends UKeyError {
  override readonly name = 'CcidCommandError';
  readonly guideId: GuideId = 'card-error';
  constructor(readonly bError: number, readonly bStatus: number, message?: string) {
    super(message ?? `CCID command failed: bError 0x${bError.toString(16)}, bStatus 0x${bStatus.toString(16)}`);
  }
  override toFields(): Fields {
    return { bError: this.bError, bStatus: this.bStatus };
  }
}
registerError('CcidCommandError', (m, f) => new CcidCommandError(num(f.bError), num(f.bStatus), m));

/** No reply within the timeout; the transport has sent ABORT (CCID §5.3.1) before raising this. */
export class CcidTimeoutError extends UKeyError {
  override readonly name = 'CcidTimeoutError';
  readonly guideId: GuideId = 'card-error';
  constructor(readonly timeoutMs: number) {
    super(`No CCID reply within ${timeoutMs} ms; the command was aborted`);
  }
  override toFields(): Fields {
    return { timeoutMs: this.timeoutMs };
  }
}
registerError('CcidTimeoutError', (_m, f) => new CcidTimeoutError(num(f.timeoutMs)));

