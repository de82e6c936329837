/**
 * On the key's card (issue 16 §2, UX walk finding 5): "延期申请已排队，等待 CA 答复" while a renewal of this key
 * waits in the service worker's outbox, which retries it by itself, and whether the computer is offline or the
 * CA cannot be reached. The card reads the queued renewals once (use-queued-renewals.ts) and passes them here.
 */
import type { Lang } from '../i18n';
import { rt } from '../i18n/renewal-texts';
import { hrefFor } from '../router';
import type { QueuedRenewal as Queued, QueuedRenewalKind } from './queued-renewal-state';

const REASON: Readonly<Record<QueuedRenewalKind, 'queuedOffline' | 'queuedCaUnreachable' | 'queuedWaiting'>> = {
  offline: 'queuedOffline',
  'ca-unreachable': 'queuedCaUnreachable',
  waiting: 'queuedWaiting',
};

export function QueuedRenewal({ tokenId, lang, queued }: { tokenId: string; lang: Lang; queued: readonly Queued[] }) {
  const first = queued[0];
  if (!first) return null;
  return (
    <p class="notice" role="status" data-testid="renewal-queued" data-kind={first.kind}>
      <strong>{rt(lang, 'queuedTitle')}</strong> {rt(lang, REASON[first.kind])}{' '}
      <a href={hrefFor({ name: 'renew', tokenId, keyRef: first.renewal.mainKeyRef })}>{rt(lang, 'queuedOpen')}</a>
    </p>
  );
}
