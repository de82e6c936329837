/**
 * Issue 17 §4: the worker alone opens and migrates the app database, and the window reads through
 * `driver.records`. Every window and popup has its own worker, so two workers of different app versions meet
 * on one database: an upgrade by one must never hang the other (IndexedDB 3.0 §2.7 versionchange, §5.1 blocked).
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { expose, type Endpoint } from 'comlink';
import { describe, expect, it } from 'vitest';
import { AppDbConnection } from '../../src/store/connection';
import { DB_NAME, DB_VERSION } from '../../src/store/db';
import { DatabaseBlockedError, DatabaseUpgradedError } from '../../src/store/errors';
import { wrapDriver, type RemoteDriver } from '../../src/worker/api-surface';
import { createDeviceService } from '../../src/worker/device-service';
import { installErrorTransfer } from '../../src/worker/error-transfer';
import type { TokenRecord } from '../../src/worker/records-api';

/** A window's worker (its own connection on `factory`) behind comlink, as the window reaches it. */
function workerOn(factory: IDBFactory, version?: number): { remote: RemoteDriver; connection: AppDbConnection; close: () => void } {
  installErrorTransfer();
  const connection = new AppDbConnection({ factory, ...(version !== undefined ? { version } : {}) });
  const service = createDeviceService({ sources: [], loadDemo: () => Promise.reject(new Error('no demo here')), appDb: connection.get });
  const channel = new MessageChannel();
  expose(service, channel.port1 as unknown as Endpoint);
  return { remote: wrapDriver(channel.port2 as unknown as Endpoint), connection, close: () => (channel.port1.close(), channel.port2.close()) };
}

const token = (id: string, label: string): TokenRecord => ({
  id, label, vendor: null, model: null, productName: 'T', serialNumber: null, firmwareVersion: null, transport: 'webusb-ccid', isDemo: false, lastReadAt: null, pairedAt: '2026-12-06T00:00:00.000Z',
});

/** An old connection that never answers versionchange (an app version from before the handshake). */
async function holdOpen(factory: IDBFactory, version: number): Promise<IDBDatabase> {
  const made = new AppDbConnection({ factory, version }); // the schema that version made
  await made.get();
  await made.close();
  return new Promise((resolve, reject) => {
    const request = factory.open(DB_NAME, version);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('open failed'));
  });
}

describe('one owner of the app database: the worker (issue 17 §4)', () => {
  it('the window reads and writes its records through driver.records', async () => {
    const factory = new IDBFactory();
    const w = workerOn(factory);
    try {
      await w.remote.records.putToken(token('usb:A', '案管'));
      await w.remote.records.setSetting('lang', 'en');
      expect(await w.remote.records.setTokenLabel('usb:A', '信访')).toBe(true);
      const snap = await w.remote.records.snapshot();
      expect(snap.tokens.map((t) => [t.id, t.label])).toEqual([['usb:A', '信访']]);
      expect(await w.remote.records.getSetting('lang')).toBe('en');
      await w.remote.records.deleteToken('usb:A');
      expect((await w.remote.records.snapshot()).tokens).toEqual([]);
    } finally {
      w.close();
    }
  });

  it('a newer worker upgrades while an older one is open; the older one closes and then says to reload', async () => {
    const factory = new IDBFactory();
    const older = workerOn(factory);
    const newer = workerOn(factory, DB_VERSION + 1);
    try {
      await older.remote.records.putToken(token('usb:A', '案管'));
      // Not blocked: the older worker's connection closed itself on versionchange.
      expect((await newer.remote.records.snapshot()).tokens.map((t) => t.label)).toEqual(['案管']);
      expect((await newer.connection.get()).version).toBe(DB_VERSION + 1);
      // The older worker's schema can no longer open the database: typed, across the comlink hop.
      await expect(older.remote.records.snapshot()).rejects.toBeInstanceOf(DatabaseUpgradedError);
    } finally {
      older.close();
      newer.close();
      await newer.connection.close();
    }
  });

  it('an open held by a connection that never lets go fails with DatabaseBlockedError instead of hanging, and works once it is gone', async () => {
    const factory = new IDBFactory();
    const holder = await holdOpen(factory, DB_VERSION);
    const w = workerOn(factory, DB_VERSION + 1);
    try {
      await expect(w.remote.records.snapshot()).rejects.toBeInstanceOf(DatabaseBlockedError);
      holder.close(); // the user closed the other tab
      await expect(w.remote.records.snapshot()).resolves.toMatchObject({ tokens: [] });
      expect((await w.connection.get()).version).toBe(DB_VERSION + 1);
    } finally {
      w.close();
      await w.connection.close();
    }
  });
});
