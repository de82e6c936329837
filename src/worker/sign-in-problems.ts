/**
 * Why a key offered no sign-in choice (issue 15 §4, review defect 12): the popup says it beside the choices of
 * the other keys, and when no key could be read at all the most telling cause is thrown instead of NO_TOKEN —
 * a token busy in another window is not "no token".
 */
import { errorTextsOf, UKeyError } from '../shared/errors';
import type { SignInTokenProblem } from './device-service-api';
import { TokenInUseElsewhereError } from './token-handover-errors';

export interface TokenFailure {
  readonly tokenId: string;
  readonly error: unknown;
}

export function describeFailure(failure: TokenFailure): SignInTokenProblem {
  const { error } = failure;
  if (error instanceof UKeyError) {
    const texts = errorTextsOf(error.name);
    return { tokenId: failure.tokenId, errorName: error.name, guideId: error.guideId, message: error.message, fields: error.toFields(), ...(texts ? { texts } : {}) };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { tokenId: failure.tokenId, errorName: 'Error', guideId: null, message, fields: {} };
}

/** The error to show when no key could be read: a busy token first, then any typed cause; null = none typed. */
export function mostTellingFailure(failures: readonly TokenFailure[]): UKeyError | null {
  const typed = failures.map((f) => f.error).filter((e): e is UKeyError => e instanceof UKeyError);
  return typed.find((e) => e instanceof TokenInUseElsewhereError) ?? typed[0] ?? null;
}
