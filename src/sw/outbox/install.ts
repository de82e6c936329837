/// <reference lib="webworker" />
/**
 * Wires the outbox into the service worker (issue 10 §3 triggers): Background Sync where the browser has it,
 * every start of the worker and its activation, a hand-over from a client (handoff.ts: the service worker is the
 * only writer of its database), and a KICK message (the page's `online` event, its timer while open). One pass
 * runs at a time in this worker; other workers and tabs are kept out by the lease. An answer stored while no app
 * window is visible becomes a notification, if the user allowed them (issue 15 §3).
 */
import { OUTBOX_CHANNEL, OUTBOX_MESSAGE, OUTBOX_SYNC_TAG, isOutboxKick, type OutboxChangedMessage } from './messages';
import { DEFAULT_OUTBOX_POLICY, type OutboxEntry, type OutboxPolicy } from './entry';
import { openOutboxDb, type OutboxDb } from './db';
import { deliverDue, type DeliveryReport } from './deliver';
import { answerOutboxRequest, outboxRoute } from './handoff';
import { notifyIfAway, openAppOnClick } from './notify';

/** WICG Background Synchronization §3.3: not in TypeScript's lib yet. */
interface SyncEventLike extends ExtendableEvent {
  readonly tag: string;
  readonly lastChance: boolean;
}

interface SyncManagerLike {
  register(tag: string): Promise<void>;
}

export interface InstallOutboxOptions {
  readonly policy?: OutboxPolicy;
}

export interface InstalledOutbox {
  /** Runs a delivery pass now (or joins the one running, and runs once more after it). */
  run(networkBack?: boolean): Promise<DeliveryReport>;
}

export function installOutbox(scope: ServiceWorkerGlobalScope, options: InstallOutboxOptions = {}): InstalledOutbox {
  const policy = options.policy ?? DEFAULT_OUTBOX_POLICY;
  const owner = `sw-${scope.crypto.randomUUID()}`;
  const channel = new BroadcastChannel(OUTBOX_CHANNEL);
  let dbPromise: Promise<OutboxDb> | null = null;
  const db = (): Promise<OutboxDb> => {
    // A newer service worker upgrading the schema closes this connection; the next pass reopens.
    dbPromise ??= openOutboxDb({ onVersionChange: () => (dbPromise = null) }).catch((error: unknown) => {
      dbPromise = null;
      throw error;
    });
    return dbPromise;
  };
  const announce = (entry: OutboxEntry): void => {
    const message: OutboxChangedMessage = { type: OUTBOX_MESSAGE.CHANGED, id: entry.id, state: entry.state };
    channel.postMessage(message);
    if (entry.state === 'answered' || entry.state === 'failed') void notifyIfAway(scope, entry).catch(() => false);
  };

  let running: Promise<DeliveryReport> | null = null;
  let again = false;
  let networkBack = false;
  const pass = async (): Promise<DeliveryReport> => {
    const signal = networkBack;
    networkBack = false;
    const report = await deliverDue({ db: await db(), fetch: scope.fetch.bind(scope), policy, owner, onChange: announce, networkBack: signal });
    // Ask the browser to wake us when the network is back. Only while offline: registered online, Chrome fires
    // `sync` at once, and re-registering after every failed pass would resend in a tight loop.
    if (report.pending > 0 && !scope.navigator.onLine) await requestSync(scope);
    return report;
  };
  const run = (connectivity = false): Promise<DeliveryReport> => {
    networkBack ||= connectivity;
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        let report = await pass();
        while (again) {
          again = false;
          report = await pass();
        }
        return report;
      } finally {
        running = null;
      }
    })();
    return running;
  };

  scope.addEventListener('sync', (event) => {
    const sync = event as unknown as SyncEventLike;
    if (sync.tag !== OUTBOX_SYNC_TAG) return;
    sync.waitUntil(
      run(true).then((report) => {
        // A rejected sync is retried by the browser with its own backoff; on the last chance we rely on the
        // other triggers instead (the entries stay queued, nothing is lost).
        if (report.pending > 0 && !sync.lastChance) throw new Error('outbox: entries still waiting');
      }),
    );
  });
  scope.addEventListener('activate', (event) => event.waitUntil(run().then(() => undefined, () => undefined)));
  scope.addEventListener('fetch', (event: FetchEvent) => {
    const route = outboxRoute(event.request, scope.registration.scope);
    if (!route) return;
    const answered = db().then((open) => answerOutboxRequest(route, event.request, open));
    event.respondWith(answered);
    // A hand-over is the user starting or continuing a renewal: deliver now, while the worker is kept alive for
    // this event — also what waits out a network-error backoff (the user is here to see whether it works now).
    if (route === 'enqueue') event.waitUntil(answered.then(() => run(true)).then(() => undefined, () => undefined));
  });
  openAppOnClick(scope);
  scope.addEventListener('message', (event) => {
    if (isOutboxKick(event.data)) event.waitUntil(run(event.data.reason === 'online').then(() => undefined));
  });
  channel.addEventListener('message', (event: MessageEvent) => {
    if (isOutboxKick(event.data)) void run(event.data.reason === 'online').catch(() => undefined);
  });
  // Every start of the worker (a fetch, a push, a message woke it) also looks at the outbox.
  void run().catch(() => undefined);
  return { run };
}

async function requestSync(scope: ServiceWorkerGlobalScope): Promise<void> {
  const sync = (scope.registration as ServiceWorkerRegistration & { sync?: SyncManagerLike }).sync;
  try {
    await sync?.register(OUTBOX_SYNC_TAG);
  } catch {
    // Background Sync missing or refused (no window client): the page's triggers still run.
  }
}
