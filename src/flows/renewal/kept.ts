/**
 * Finishing a renewal the CA certified but did not confirm (issue 15 §2). A certConf the CA refused in a verified
 * answer ends the journal `failed` with `keyKept`: the new key and its certificate stay in `newKeyRef` (a key the
 * CA certified is never deleted). Trying again means confirming THAT certificate again — the certConf is built
 * and signed anew from `tested` (RFC 9810 §5.3.18; the same path as a certConf refused as late) — never planning
 * a new key. If the CA refuses again, the journal ends as before, key still kept, with the CA's new reason.
 */
import type { RenewalJournal } from './journal';

/** The journal to run for "try finishing again", or null when `journal` is not a kept failure. */
export function reopenKept(journal: RenewalJournal): RenewalJournal | null {
  if (journal.step !== 'failed' || journal.keyKept !== true || !journal.newCertificate || !journal.transaction) return null;
  return { ...journal, step: 'tested', keyKept: undefined, failure: undefined, pendingRequest: undefined };
}
