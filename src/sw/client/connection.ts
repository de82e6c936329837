/**
 * The client's one connection to the service worker's outbox database (window or driver worker), for READING
 * only: entries are written by the service worker alone (transport.ts hands requests and acknowledgements to
 * it). It closes on `versionchange` so a new service worker's upgrade is not blocked, and reopens on the next call.
 */
import { openOutboxDb, type OutboxDb } from '../outbox/db';

let current: Promise<OutboxDb> | null = null;
let factoryOverride: IDBFactory | undefined;

/** Tests in Node pass fake-indexeddb's factory: the service worker's side then runs in-process on it (there is
 * no service worker in Node). The app never calls this. */
export function useOutboxFactory(factory: IDBFactory | undefined): void {
  factoryOverride = factory;
  current = null;
}

export function usesFactory(): boolean {
  return factoryOverride !== undefined;
}

export function outboxDb(): Promise<OutboxDb> {
  current ??= openOutboxDb({
    ...(factoryOverride ? { factory: factoryOverride } : {}),
    onVersionChange: () => (current = null),
  }).catch((error: unknown) => {
    current = null;
    throw error;
  });
  return current;
}
