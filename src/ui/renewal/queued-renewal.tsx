/**
 * On the key's card (issue 16 §2, UX walk finding 5): "延期申请已排队，等待 CA 答复" while a renewal of this key
 * waits in the service worker's outbox, which retries it by itself, and whether the computer is offline or the
 * CA cannot be reached. Refreshed when the outbox changes (its BroadcastChannel) and every 30 s.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Lang } from '../i18n';
import { rt } from '../i18n/renewal-texts';
import { describeOutbox, watchOutbox, type OutboxEntrySummary } from '../../sw/client';
import type { DeviceService, RenewalStatus } from '../../worker/device-service-api';
import { loadDriver } from '../driver-loader';
import { hrefFor } from '../router';
import { queuedRenewalState, type QueuedRenewalKind } from './queued-renewal-state';

const REASON: Readonly<Record<QueuedRenewalKind, 'queuedOffline' | 'queuedCaUnreachable' | 'queuedWaiting'>> = {
  offline: 'queuedOffline',
  'ca-unreachable': 'queuedCaUnreachable',
  waiting: 'queuedWaiting',
};

export function QueuedRenewal({ tokenId, lang, online, load = loadDriver }: { tokenId: string; lang: Lang; online: boolean; load?: () => Promise<DeviceService> }) {
  const [renewals, setRenewals] = useState<readonly RenewalStatus[]>([]);
  const [entries, setEntries] = useState<readonly OutboxEntrySummary[]>([]);
  useEffect(() => {
    let live = true;
    const refresh = (): void => {
      void load()
        .then((driver) => driver.renewal.listRenewals(tokenId))
        .then((r) => live && setRenewals(r), () => undefined);
      void describeOutbox().then((e) => live && setEntries(e), () => undefined);
    };
    refresh();
    const stop = watchOutbox(refresh);
    const timer = setInterval(refresh, 30_000);
    return () => {
      live = false;
      stop();
      clearInterval(timer);
    };
  }, [tokenId]);
  const queued = renewals.map((r) => queuedRenewalState(r, entries, online)).find((q) => q !== null) ?? null;
  if (!queued) return null;
  return (
    <p class="notice" role="status" data-testid="renewal-queued" data-kind={queued.kind}>
      <strong>{rt(lang, 'queuedTitle')}</strong> {rt(lang, REASON[queued.kind])}{' '}
      <a href={hrefFor({ name: 'renew', tokenId, keyRef: queued.renewal.mainKeyRef })}>{rt(lang, 'queuedOpen')}</a>
    </p>
  );
}
