/**
 * Which of a key's certificates have a renewal waiting for the CA (issue 16 §2): the key's card shows that
 * state instead of a second 去延期 for them — pressing it again would start another renewal of a certificate
 * whose request the service worker's outbox is still retrying. Same test as the card's queued notice
 * (queuedRenewalState), refreshed when the outbox changes and every 30 s.
 */
import { useEffect, useState } from 'preact/hooks';
import { describeOutbox, watchOutbox, type OutboxEntrySummary } from '../../sw/client';
import type { DeviceService, RenewalStatus } from '../../worker/device-service-api';
import { loadDriver } from '../driver-loader';
import { queuedRenewalState } from '../renewal/queued-renewal-state';

/** The key references whose renewal is queued; `online` only changes why, not whether. */
export function queuedKeyRefs(renewals: readonly RenewalStatus[], entries: readonly OutboxEntrySummary[], online: boolean): ReadonlySet<number> {
  const refs = new Set<number>();
  for (const r of renewals) if (queuedRenewalState(r, entries, online) !== null) refs.add(r.mainKeyRef);
  return refs;
}

export function useQueuedKeyRefs(tokenId: string, online: boolean, enabled: boolean, load: () => Promise<DeviceService> = loadDriver): ReadonlySet<number> {
  const [renewals, setRenewals] = useState<readonly RenewalStatus[]>([]);
  const [entries, setEntries] = useState<readonly OutboxEntrySummary[]>([]);
  useEffect(() => {
    if (!enabled) return undefined;
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
  }, [tokenId, enabled]);
  return queuedKeyRefs(renewals, entries, online);
}
