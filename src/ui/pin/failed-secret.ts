/**
 * Which secret a refused attempt was (issue 16 §2; UX walk 2026-12-06 finding 12). The card profile, which
 * knows what each of its commands checks, marks a WrongPinError / PinBlockedError with that secret in the
 * card-profile seam's words — the PIN, or the code that unblocks it — and the mark crosses the worker boundary
 * with the error (issue 17 §3). The window reads only that mark: it knows no command bytes.
 */
import type { TokenCapabilities } from '../../worker';
import { describeError, t, type Lang } from '../i18n';

/** One of the card's secrets, by its entry in the profile's capabilities: 'pin' or 'unblockCode'. */
export type Secret = keyof TokenCapabilities['credentials'];

const SECRETS: readonly Secret[] = ['pin', 'unblockCode'];

function field(error: unknown, key: string): unknown {
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[key] : undefined;
}

function isSecret(value: unknown): value is Secret {
  return SECRETS.some((secret) => secret === value);
}

/** The secret a refusal was, as its profile marked it; null for any other error, or a refusal no profile marked. */
export function failedSecret(error: unknown): Secret | null {
  const name = field(error, 'name');
  if (name !== 'WrongPinError' && name !== 'PinBlockedError') return null;
  const credential = field(error, 'credential');
  return isSecret(credential) ? credential : null;
}

/**
 * The cause in the clerk's words, naming the secret that failed and that secret's tries. A refused PIN (or an
 * unmarked refusal) keeps the error's own text, which speaks of the PIN.
 */
export function secretErrorCause(error: unknown, lang: Lang): string {
  if (failedSecret(error) !== 'unblockCode') return describeError(error, lang).cause;
  if (field(error, 'name') === 'PinBlockedError') return t(lang, 'unblockCodeBlocked');
  const tries = field(error, 'attemptsRemaining');
  return typeof tries === 'number' ? t(lang, 'unblockCodeWrong', { n: tries }) : t(lang, 'unblockCodeWrongUnknown');
}

/**
 * The tries `secret` has left, as the card's refusal told them (a wrong secret carries the count, a blocked one
 * has none left), or null when the error is not that secret's refusal. A card that cannot tell its unblock
 * code's tries without spending one tells them only this way, so the form keeps the count instead of asking
 * "this may be the last try" again.
 */
export function triesTold(error: unknown, secret: Secret): number | null {
  if (failedSecret(error) !== secret) return null;
  if (field(error, 'name') === 'PinBlockedError') return 0;
  const tries = field(error, 'attemptsRemaining');
  return typeof tries === 'number' ? tries : null;
}
