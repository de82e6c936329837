/**
 * The renewals of one key waiting in the service worker's outbox (issue 16 §2), for the key's card: its
 * "延期申请已排队" notice and the certificates that must not offer a second 去延期 both read this one list.
 * Refreshed when the outbox changes (its BroadcastChannel) and every 30 s.
 */
import { useEffect, useState } from 'preact/hooks';
import { describeOutbox, watchOutbox, type OutboxEntrySummary } from '../../sw/client';
import type { DeviceService, RenewalStatus } from '../../worker';
import { loadDriver } from '../driver-loader';
import { queuedRenewalState, type QueuedRenewal } from './queued-renewal-state';

/** `online` only changes why a renewal waits, not whether. */
export function useQueuedRenewals(tokenId: string, online: boolean, enabled: boolean, load: () => Promise<DeviceService> = loadDriver): readonly QueuedRenewal[] {
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
  return renewals.map((r) => queuedRenewalState(r, entries, online)).filter((q): q is QueuedRenewal => q !== null);
}
