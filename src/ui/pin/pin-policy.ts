/**
 * PIN rules checked BEFORE anything reaches the token, so a typing mistake costs no try. The card's own limits
 * come from its card profile (issue 17 §3: the profile reads or knows them, src/cards/<profile>); each CA
 * narrows them (profile table, src/shared/ca-profiles): CFCA 6 digits, 12309 6–8 letters+digits. A PIN
 * longer than the maximum is refused with an explanation, never cut short (some CA tools silently keep the
 * first 8 characters — DESIGN.md §2).
 */
import type { PinCharset, PinPolicy } from '../../shared/ca-profiles';

export type { PinCharset, PinPolicy };

/**
 * A key whose record predates the profile's PIN policy (issue 17 §3) and is not read yet: only what every card
 * needs (a PIN is at least one character, ISO 7816-4 §11.5.6); the card itself still checks.
 */
export const UNREAD_CARD_PIN_POLICY: PinPolicy = { minLength: 1, maxLength: 64, charset: 'any' };

export type PinViolation =
  | { readonly code: 'empty' }
  | { readonly code: 'too-short'; readonly min: number; readonly len: number }
  | { readonly code: 'too-long'; readonly max: number; readonly len: number }
  | { readonly code: 'digits-only' }
  | { readonly code: 'letters-and-digits' }
  | { readonly code: 'ascii-only' }
  | { readonly code: 'mismatch' }
  | { readonly code: 'same-as-old' }
  | { readonly code: 'is-default' };

const DIGITS = /^[0-9]*$/;
const ALNUM = /^[A-Za-z0-9]*$/;
/** Printable ASCII without space: one byte per character on the card, nothing an IME can change. */
const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;

/** Every rule a typed PIN breaks (empty list = acceptable). Length counts characters as the user sees them. */
export function checkPin(pin: string, policy: PinPolicy): PinViolation[] {
  const len = [...pin].length;
  if (len === 0) return [{ code: 'empty' }];
  const out: PinViolation[] = [];
  if (len < policy.minLength) out.push({ code: 'too-short', min: policy.minLength, len });
  if (len > policy.maxLength) out.push({ code: 'too-long', max: policy.maxLength, len });
  if (policy.charset === 'digits' && !DIGITS.test(pin)) out.push({ code: 'digits-only' });
  if (policy.charset === 'letters-digits' && !(ALNUM.test(pin) && /[A-Za-z]/.test(pin) && /[0-9]/.test(pin))) {
    out.push({ code: 'letters-and-digits' });
  }
  if (policy.charset === 'any' && !PRINTABLE_ASCII.test(pin)) out.push({ code: 'ascii-only' });
  return out;
}

export interface NewPinInput {
  readonly current: string;
  readonly next: string;
  readonly confirm: string;
  readonly policy: PinPolicy;
  /** Known default PINs for this token; a new PIN must not be one of them. */
  readonly defaults: readonly string[];
}

export function checkNewPin(input: NewPinInput): PinViolation[] {
  const out = checkPin(input.next, input.policy);
  if (input.next.length > 0 && input.defaults.includes(input.next)) out.push({ code: 'is-default' });
  if (input.next.length > 0 && input.next === input.current) out.push({ code: 'same-as-old' });
  if (input.next !== input.confirm) out.push({ code: 'mismatch' });
  return out;
}

const STRICTNESS: Readonly<Record<PinCharset, number>> = { any: 0, 'letters-digits': 1, digits: 2 };

/**
 * The policy a new PIN must meet: the strictest of the token's CA profiles, always inside the card's own limits
 * (a token may hold certificates of more than one CA).
 */
export function effectivePolicy(policies: readonly PinPolicy[], card: PinPolicy): PinPolicy {
  const all = [card, ...policies];
  const charset = all.reduce<PinCharset>((a, p) => (STRICTNESS[p.charset] > STRICTNESS[a] ? p.charset : a), 'any');
  const minLength = Math.max(...all.map((p) => p.minLength));
  const maxLength = Math.max(minLength, Math.min(...all.map((p) => p.maxLength)));
  return { minLength, maxLength, charset };
}
