/**
 * Whether spending one more PIN or unblock-code try needs the user's explicit go-ahead (DESIGN.md §7: ask before the last
 * try). Unknown counts as possibly the last: the card can't say (it cannot tell the unblock code's tries without spending one), or the status read
 * failed or has not finished — so a form can never spend a try the user hasn't seen counted.
 */
export type TryGuard = 'last-try' | 'tries-unknown' | null;

export function tryGuard(triesLeft: number | null): TryGuard {
  if (triesLeft === null) return 'tries-unknown';
  return triesLeft === 1 ? 'last-try' : null;
}
