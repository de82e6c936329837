/**
 * Which secret a refused attempt was (issue 16 §2; UX walk 2026-12-06 finding 12). A PIV card answers a wrong
 * or blocked PUK with the same status words as the PIN (63Cx / 6983, SP 800-73-4 Part 2 §3.2), so the command
 * tells them apart: VERIFY (§3.2.1) checks the PIN, RESET RETRY COUNTER (§3.2.3) the PUK, and CHANGE REFERENCE
 * DATA (§3.2.2) the secret the flow changes — the caller says which. The `ins` field survives the worker
 * boundary with the error.
 */
import { describeError, t, type Lang } from '../i18n';

export type Secret = 'pin' | 'puk';

const VERIFY = 0x20;
const CHANGE_REFERENCE_DATA = 0x24;
const RESET_RETRY_COUNTER = 0x2c;

function field(error: unknown, key: string): unknown {
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[key] : undefined;
}

/** 'pin' or 'puk' for a refused secret; null for any other error. */
export function failedSecret(error: unknown, changes: Secret = 'pin'): Secret | null {
  const name = field(error, 'name');
  if (name !== 'WrongPinError' && name !== 'PinBlockedError') return null;
  const ins = field(error, 'ins');
  if (ins === RESET_RETRY_COUNTER) return 'puk';
  if (ins === VERIFY) return 'pin';
  // CHANGE REFERENCE DATA, or a command the error does not name: the secret this flow sends.
  return ins === CHANGE_REFERENCE_DATA || ins === undefined ? changes : 'pin';
}

/** The cause in the clerk's words, naming the secret that failed and that secret's tries. */
export function secretErrorCause(error: unknown, lang: Lang, changes: Secret = 'pin'): string {
  if (failedSecret(error, changes) !== 'puk') return describeError(error, lang).cause;
  if (field(error, 'name') === 'PinBlockedError') return t(lang, 'pukBlocked');
  const tries = field(error, 'attemptsRemaining');
  return typeof tries === 'number' ? t(lang, 'pukWrong', { n: tries }) : t(lang, 'pukWrongUnknown');
}

/**
 * The tries `secret` has left, as the card's refusal told them (63Cx carries the count, 6983 means none), or null
 * when the error is not that secret's refusal. A card without GET METADATA tells its PUK tries only this way, so
 * the form keeps the count instead of asking "this may be the last try" again (SP 800-73-4 Part 2 §3.2.3).
 */
export function triesTold(error: unknown, secret: Secret): number | null {
  if (failedSecret(error, secret) !== secret) return null;
  if (field(error, 'name') === 'PinBlockedError') return 0;
  const tries = field(error, 'attemptsRemaining');
  return typeof tries === 'number' ? tries : null;
}
