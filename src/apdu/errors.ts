import { registerError, UKeyError, type GuideId } from '../shared/errors';
import type { CommandApdu } from './command';
import { formatSw, pinTriesLeft, SW, type PinContext } from './status-words';
import './error-texts';

export { MalformedApduError, TlvError } from './format-errors';

type Fields = Record<string, string | number | boolean | null>;

/**
 * Which credential a refused PIN command checked, in the card profile's words (cards/seam CredentialName: the
 * user PIN or the code that unblocks it). A card answers 63Cx / 6983 alike for each of its secrets (ISO 7816-4
 * §11.5.6–7 VERIFY and CHANGE REFERENCE DATA, §11.5.10 RESET RETRY COUNTER), so only the profile that sent the
 * command can say; this layer carries the word and never reads it. Null: no profile said.
 */
type CredentialWord = string | null;

function describe(label: string, sw: number, ins: number | undefined): string {
  const to = ins === undefined ? '' : ` to INS ${ins.toString(16).toUpperCase().padStart(2, '0')}`;
  return `${label} (SW ${formatSw(sw)}${to})`;
}

/**
 * A card answered with a status word other than 9000 (ISO 7816-4 §5.1.3). Base of every status-word error;
 * used as is for status words without a meaningful subclass. `ins` names the command that got the answer.
 */
export class ApduError extends UKeyError {
  override readonly name: string = 'ApduError';
  readonly guideId: GuideId = 'card-error';
  readonly sw: number;
  readonly ins: number | undefined;

  constructor(sw: number, message?: string, ins?: number) {
    super(message ?? describe('card error', sw, ins));
    this.sw = sw;
    this.ins = ins;
  }

  override toFields(): Fields {
    return { sw: this.sw, ins: this.ins ?? null };
  }
}

/**
 * 63Cx (or the 630x quirk): a secret was wrong; `attemptsRemaining` tries are left (SP 800-73-4 Part 2 §3.2.1).
 * `credential` says which secret, as the card profile marked it.
 */
export class WrongPinError extends ApduError {
  override readonly name: string = 'WrongPinError';
  override readonly guideId: GuideId = 'wrong-pin';
  readonly attemptsRemaining: number;
  readonly credential: CredentialWord;

  constructor(attemptsRemaining: number, sw = SW.VERIFY_FAIL_BASE | attemptsRemaining, message?: string, ins?: number, credential: CredentialWord = null) {
    super(sw, message ?? describe(`wrong ${credential ?? 'PIN'}, ${attemptsRemaining} tries left`, sw, ins), ins);
    this.attemptsRemaining = attemptsRemaining;
    this.credential = credential;
  }

  override toFields(): Fields {
    return { ...super.toFields(), attemptsRemaining: this.attemptsRemaining, credential: this.credential };
  }
}

/** 6983: authentication method blocked — a secret has no tries left; `credential` says which, as for WrongPinError. */
export class PinBlockedError extends ApduError {
  override readonly name: string = 'PinBlockedError';
  override readonly guideId: GuideId = 'pin-locked';
  readonly credential: CredentialWord;

  constructor(sw: number = SW.AUTH_METHOD_BLOCKED, message?: string, ins?: number, credential: CredentialWord = null) {
    super(sw, message ?? describe(`${credential ?? 'PIN'} blocked`, sw, ins), ins);
    this.credential = credential;
  }

  override toFields(): Fields {
    return { ...super.toFields(), credential: this.credential };
  }
}

/** 6982: the command needs a PIN or management-key authentication first. */
export class SecurityStatusNotSatisfiedError extends ApduError {
  override readonly name: string = 'SecurityStatusNotSatisfiedError';
  constructor(sw: number = SW.SECURITY_STATUS_NOT_SATISFIED, message?: string, ins?: number) {
    super(sw, message ?? describe('security status not satisfied', sw, ins), ins);
  }
}

/** 6A82 / 6A88: file, application, data object or key reference not found. */
export class NotFoundError extends ApduError {
  override readonly name: string = 'NotFoundError';
  constructor(sw: number = SW.FILE_NOT_FOUND, message?: string, ins?: number) {
    super(sw, message ?? describe('not found', sw, ins), ins);
  }
}

/** 6700, or a 6Cxx that survived the re-send: the length of the command or of Le was wrong. */
export class WrongLengthError extends ApduError {
  override readonly name: string = 'WrongLengthError';
  constructor(sw: number = SW.WRONG_LENGTH, message?: string, ins?: number) {
    super(sw, message ?? describe('wrong length', sw, ins), ins);
  }
}

/** 6985: conditions of use not satisfied (e.g. the command is not allowed in the card's current state). */
export class ConditionsNotSatisfiedError extends ApduError {
  override readonly name: string = 'ConditionsNotSatisfiedError';
  constructor(sw: number = SW.CONDITIONS_NOT_SATISFIED, message?: string, ins?: number) {
    super(sw, message ?? describe('conditions of use not satisfied', sw, ins), ins);
  }
}

/** 6D00 / 6E00 / 6A81: the card does not know this instruction, class or function. */
export class InsNotSupportedError extends ApduError {
  override readonly name: string = 'InsNotSupportedError';
  override readonly guideId: GuideId = 'token-unsupported';
  constructor(sw: number = SW.INS_NOT_SUPPORTED, message?: string, ins?: number) {
    super(sw, message ?? describe('instruction not supported', sw, ins), ins);
  }
}

/** 6A80: incorrect parameters in the command data field. */
export class IncorrectDataError extends ApduError {
  override readonly name: string = 'IncorrectDataError';
  constructor(sw: number = SW.INCORRECT_DATA, message?: string, ins?: number) {
    super(sw, message ?? describe('incorrect data', sw, ins), ins);
  }
}

/** 6A86 / 6B00: incorrect P1-P2 (an addition beyond the brief; a programming error on our side or a card quirk). */
export class IncorrectParametersError extends ApduError {
  override readonly name: string = 'IncorrectParametersError';
  constructor(sw: number = SW.INCORRECT_P1P2, message?: string, ins?: number) {
    super(sw, message ?? describe('incorrect P1-P2', sw, ins), ins);
  }
}

type SwErrorClass = new (sw?: number, message?: string, ins?: number) => ApduError;

/** Status word → error class; the 63Cx/630x family is handled before this table. */
const BY_SW: ReadonlyMap<number, SwErrorClass> = new Map<number, SwErrorClass>([
  [SW.AUTH_METHOD_BLOCKED, PinBlockedError],
  [SW.SECURITY_STATUS_NOT_SATISFIED, SecurityStatusNotSatisfiedError],
  [SW.FILE_NOT_FOUND, NotFoundError],
  [SW.REFERENCE_NOT_FOUND, NotFoundError],
  [SW.WRONG_LENGTH, WrongLengthError],
  [SW.CONDITIONS_NOT_SATISFIED, ConditionsNotSatisfiedError],
  [SW.INS_NOT_SUPPORTED, InsNotSupportedError],
  [SW.CLA_NOT_SUPPORTED, InsNotSupportedError],
  [SW.FUNCTION_NOT_SUPPORTED, InsNotSupportedError],
  [SW.INCORRECT_DATA, IncorrectDataError],
  [SW.INCORRECT_P1P2, IncorrectParametersError],
  [SW.WRONG_P1P2, IncorrectParametersError],
]);

/**
 * The caller's context for errorForStatusWord: the command answered, whether it is a PIN command, and which
 * credential that command checks (the profile's word, put on WrongPinError / PinBlockedError).
 */
export interface StatusContext extends PinContext {
  readonly command?: CommandApdu;
  readonly credential?: string;
}

/**
 * THE one place a status word becomes an error (STYLE.md, yubikit). Callers that expect a specific status word
 * (e.g. 6A82 on SELECT) catch the subclass and translate it into a session-level meaning. The 630X quirk is
 * "wrong PIN" only when the context says the command is a PIN command (pinTriesLeft).
 */
export function errorForStatusWord(sw: number, context: StatusContext = {}): ApduError {
  const ins = context.command?.ins;
  const credential = context.credential ?? null;
  const tries = pinTriesLeft(sw, context);
  if (tries !== undefined) return new WrongPinError(tries, sw, undefined, ins, credential);
  if (sw === SW.AUTH_METHOD_BLOCKED) return new PinBlockedError(sw, undefined, ins, credential);
  if ((sw & 0xff00) === SW.WRONG_LE) return new WrongLengthError(sw, undefined, ins);
  const ErrorClass = BY_SW.get(sw);
  return ErrorClass ? new ErrorClass(sw, undefined, ins) : new ApduError(sw, undefined, ins);
}

function insOf(fields: Fields): number | undefined {
  return typeof fields.ins === 'number' ? fields.ins : undefined;
}

function credentialOf(fields: Fields): CredentialWord {
  return typeof fields.credential === 'string' ? fields.credential : null;
}

registerError('ApduError', (m, f) => new ApduError(Number(f.sw ?? 0), m, insOf(f)));
registerError(
  'WrongPinError',
  (m, f) => new WrongPinError(Number(f.attemptsRemaining ?? 0), Number(f.sw ?? SW.VERIFY_FAIL_BASE), m, insOf(f), credentialOf(f)),
);
registerError('PinBlockedError', (m, f) => new PinBlockedError(Number(f.sw ?? SW.AUTH_METHOD_BLOCKED), m, insOf(f), credentialOf(f)));
for (const ErrorClass of new Set(BY_SW.values())) {
  // PinBlockedError is rebuilt above, with the credential its profile marked.
  if (ErrorClass === PinBlockedError) continue;
  // Each class's `name` is its registry key; read it from an instance so the two can never drift apart.
  const key = new ErrorClass().name;
  registerError(key, (m, f) => new ErrorClass(Number(f.sw ?? 0), m, insOf(f)));
}
