/**
 * Tells the service worker to look at the outbox now. From a window: postMessage to the controller (which
 * wakes a stopped worker) and, while offline, a Background Sync registration (fires when connectivity returns). From a driver
 * worker: the BroadcastChannel (reaches a running service worker; a stopped one runs at its next start).
 */
import { OUTBOX_CHANNEL, OUTBOX_MESSAGE, OUTBOX_SYNC_TAG, type OutboxKickMessage } from '../outbox/messages';

interface SyncManagerLike {
  register(tag: string): Promise<void>;
}

export async function kickOutbox(reason: OutboxKickMessage['reason'] = 'manual'): Promise<void> {
  const message: OutboxKickMessage = { type: OUTBOX_MESSAGE.KICK, reason };
  const container = typeof navigator !== 'undefined' ? (navigator as Navigator).serviceWorker : undefined;
  const controller = container?.controller ?? null;
  if (controller) controller.postMessage(message);
  if (typeof BroadcastChannel !== 'undefined') {
    const channel = new BroadcastChannel(OUTBOX_CHANNEL);
    channel.postMessage(message);
    channel.close();
  }
  // Background Sync fires when connectivity returns; registered while online it would fire at once, which the
  // postMessage above already covers.
  if (!container || typeof window === 'undefined' || navigator.onLine) return;
  try {
    const registration = await container.getRegistration();
    await (registration as (ServiceWorkerRegistration & { sync?: SyncManagerLike }) | undefined)?.sync?.register(OUTBOX_SYNC_TAG);
  } catch {
    // No Background Sync here (or refused): the online event and the timer still kick.
  }
}
