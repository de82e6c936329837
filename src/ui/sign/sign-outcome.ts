/**
 * Which code the portal is told when a sign-in ends without a signature (issue 9 §2), from what the worker threw.
 * A wrong PIN is not an ending: the user may try again in our page, once per click, never automatically.
 */
import type { SignInErrorCode } from '../../shared/signin';

export type Ending = { readonly end: false } | { readonly end: true; readonly code: SignInErrorCode };

function field(error: unknown, key: string): unknown {
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[key] : undefined;
}

export function endingFor(error: unknown): Ending {
  const name = field(error, 'name');
  if (name === 'SignInRefusedError') {
    const code = field(error, 'code');
    return { end: true, code: typeof code === 'string' ? (code as SignInErrorCode) : 'BAD_REQUEST' };
  }
  if (name === 'PinBlockedError') return { end: true, code: 'PIN_BLOCKED' };
  if (name === 'UnsupportedCardError' || name === 'PivAppNotFoundError' || name === 'ProtectedInterfaceError') {
    return { end: true, code: 'UNSUPPORTED_TOKEN' };
  }
  // Wrong PIN, a PIN the card would refuse, a pulled key: the user can act here and try again.
  return { end: false };
}

/**
 * What the popup does when a sign-in did not sign and did not end: the card's certificates changed since they
 * were listed (renewed in the app tab, another key under the same name) → list them again, since the old
 * choice names a certificate the card no longer has; anything else → re-read the chosen key's tries.
 */
export type NextStep = 'end' | 'reload-choices' | 'refresh-tries';

export function nextStepAfter(error: unknown): NextStep {
  if (endingFor(error).end) return 'end';
  return field(error, 'name') === 'SignInCertificateChangedError' ? 'reload-choices' : 'refresh-tries';
}
