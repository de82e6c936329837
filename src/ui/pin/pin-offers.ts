/**
 * What the PIN page offers (issue 16 §2; UX walk 2026-12-06 findings 3 and 15), as pure rules the page and its
 * tests share.
 */
import type { UnlockStatus } from '../../worker';

export interface BannerInput {
  readonly blocked: boolean;
  readonly unblocked: boolean;
  readonly defaultInUse: boolean;
  readonly isDefault: boolean;
}

/** "Change the default PIN" only while the PIN can be changed: a blocked PIN points to unlocking instead. */
export function defaultPinBannerShown(input: BannerInput): boolean {
  return !input.blocked && !input.unblocked && (input.defaultInUse || input.isDefault);
}

/**
 * Online unlock through the CA needs the key's unblock code escrowed with the CA beforehand (issue 10 §4): offered for a
 * registered key, or to finish a request already filed; otherwise the CA's own route (hotline, 解锁授权码).
 */
export function onlineUnlockOffered(status: UnlockStatus | null): boolean {
  return status !== null && (status.registered || status.request !== null);
}
