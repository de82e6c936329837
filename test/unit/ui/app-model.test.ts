import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { WrongPinError } from '../../../src/apdu/errors';
import { loadSnapshot, openAppDb, putToken, replaceCertificates, type UKeyDb } from '../../../src/store';
import { AppModel } from '../../../src/ui/app-model';
import type { CrlInfo, PairedToken, PinStatusPair, TokenCertificate, TrustedCaInfo } from '../../../src/worker/device-service-api';
import { report, tokenRecord } from '../store/fixtures';
import { asDriver } from '../../support/flat-driver';
import { recordsOn } from '../../support/records-on';

const TOKEN: PairedToken = {
  id: '1209:0001:demo', vendorId: 0x1209, productId: 1, productName: 'Virtual PIV', usbSerialNumber: 'demo',
  transport: 'virtual', vendor: 'UKey', model: 'Demo token', isDemo: true,
};

/** A scripted driver: counts calls so tests can prove no PIN call is ever repeated. */
class FakeDriver {
  calls: string[] = [];
  tries = 3;
  async listPairedTokens() { this.calls.push('list'); return [TOKEN]; }
  async startDemoToken() { this.calls.push('demo'); return TOKEN; }
  async open() {
    this.calls.push('open');
    return { tokenId: TOKEN.id, vendor: 'UKey', model: 'Demo token', serialNumber: '20261122', firmwareVersion: '5.7.1', profileId: 'piv', cardIdentifier: null, atrHex: '3b', readsTriesWithoutSpending: true, pinPolicy: { minLength: 6, maxLength: 8, charset: 'any' as const }, capabilities: { credentials: { pin: true, unblockCode: true }, signs: true, renews: true } };
  }
  async readCertificates(): Promise<TokenCertificate[]> {
    return [{ keyRef: 0x9a, role: 'authentication', der: Uint8Array.of(0x30, 0x00), report: report({ role: 'signing' }), parseError: null }];
  }
  async getPinStatus(): Promise<PinStatusPair> {
    this.calls.push('status');
    return { pin: { attemptsRemaining: this.tries, totalAttempts: 3, blocked: this.tries === 0, isDefault: true }, unblockCode: { attemptsRemaining: 3, totalAttempts: 3, blocked: false, isDefault: true } };
  }
  async listTrustedCas(): Promise<TrustedCaInfo[]> { return []; }
  async listCrls(): Promise<CrlInfo[]> { return []; }
  async verifyPin(_id: string, pin: string) {
    this.calls.push('verify');
    if (pin !== '654321') throw new WrongPinError(--this.tries);
  }
}

async function setup(options: { driver?: FakeDriver | null; seed?: (db: UKeyDb) => Promise<void> } = {}) {
  const factory = new IDBFactory();
  const seedDb = await openAppDb(factory);
  await options.seed?.(seedDb);
  seedDb.close();
  const driver = options.driver === undefined ? new FakeDriver() : options.driver;
  const model = new AppModel({
    loadRecords: recordsOn(factory, () => new Date('2026-11-22T10:00:00Z')),
    loadDriver: () => (driver ? Promise.resolve(asDriver(driver)) : Promise.reject(new Error('offline'))),
    now: () => new Date('2026-11-22T10:00:00Z'),
  });
  return { model, driver, factory };
}

describe('AppModel', () => {
  it('shows cached tokens marked not live when the driver cannot load', async () => {
    const { model } = await setup({ driver: null, seed: (db) => putToken(db, tokenRecord('cached', { label: '案管' })) });
    await model.start({ demo: false });
    const view = model.getState().tokens.get('cached');
    expect(view?.record.label).toBe('案管');
    expect(view?.live).toBe(false);
    expect(model.getState().loaded).toBe(true);
  });

  it('reads the demo token, caches its public data and keeps the user label', async () => {
    const { model, factory, driver } = await setup({ seed: (db) => putToken(db, tokenRecord(TOKEN.id, { label: '信访', serialNumber: null })) });
    await model.start({ demo: true });
    const view = model.getState().tokens.get(TOKEN.id)!;
    expect(view.live).toBe(true);
    expect(model.getState().demo).toBe(true);
    expect(driver!.calls.filter((c) => c === 'open')).toHaveLength(1); // started once, not re-read by refreshAll
    expect(view.record).toMatchObject({ label: '信访', serialNumber: '20261122', lastReadAt: '2026-11-22T10:00:00.000Z' });
    const snap = await loadSnapshot(await openAppDb(factory));
    expect(snap.tokens[0]).toMatchObject({ id: TOKEN.id, label: '信访', serialNumber: '20261122' });
    expect(snap.certificates.map((c) => c.keyRef)).toEqual([0x9a]);
  });

  it('reports a corrupt record, then re-reads the token and removes it', async () => {
    const { model, factory } = await setup({
      seed: async (db) => {
        await putToken(db, tokenRecord(TOKEN.id));
        const raw = db as unknown as { put(store: string, value: unknown): Promise<unknown> };
        await raw.put('certificates', { tokenId: TOKEN.id, keyRef: 0x9c, der: 42 });
      },
    });
    const seen: number[] = [];
    model.subscribe((s) => seen.push(s.corrupt.length));
    await model.start({ demo: false });
    expect(seen).toContain(1); // the notice was shown
    expect(model.getState().corrupt).toEqual([]);
    const snap = await loadSnapshot(await openAppDb(factory));
    expect(snap.corrupt).toEqual([]);
    expect(snap.certificates.map((c) => c.keyRef)).toEqual([0x9a]);
  });

  it('spends exactly one VERIFY on a wrong PIN, refreshes the tries left, and stores no PIN', async () => {
    const { model, driver, factory } = await setup();
    await model.start({ demo: false });
    driver!.calls = [];
    const attempt = model.pinOperation(TOKEN.id, (d) => d.pin.verifyPin(TOKEN.id, '000000'));
    await expect(attempt).rejects.toMatchObject({ name: 'WrongPinError', attemptsRemaining: 2 });
    expect(driver!.calls).toEqual(['verify', 'status']);
    expect(model.getState().tokens.get(TOKEN.id)?.pinStatus?.pin.attemptsRemaining).toBe(2);
    await model.setLang('en');
    const db = await openAppDb(factory);
    const everything = JSON.stringify([await db.getAll('tokens'), await db.getAll('certificates'), await db.getAll('settings')]);
    expect(everything).not.toContain('000000');
    expect(everything).toContain('"en"');
  });

  it('a stored report with an unknown chain or revocation status is a corrupt record, not a blank screen', async () => {
    const { model } = await setup({
      driver: null,
      seed: async (db) => {
        await putToken(db, tokenRecord('cached'));
        const bad = report();
        await replaceCertificates(db, 'cached', [
          { tokenId: 'cached', keyRef: 0x9a, der: new ArrayBuffer(2), report: { ...bad, chain: { status: 'bogus' as never, path: [] } }, parseError: null, readAt: '2026-11-01T00:00:00Z' },
          { tokenId: 'cached', keyRef: 0x9c, der: new ArrayBuffer(2), report: { ...bad, revocation: { status: 'maybe' as never, reason: '' } }, parseError: null, readAt: '2026-11-01T00:00:00Z' },
        ]);
      },
    });
    await model.start({ demo: false });
    expect(model.getState().tokens.get('cached')?.certificates).toEqual([]);
    expect(model.getState().corrupt.map((c) => c.key)).toEqual(['cached:154', 'cached:156']);
  });

  it('keeps earlier cached certificates when a refresh fails', async () => {
    const driver = new FakeDriver();
    driver.readCertificates = () => Promise.reject(new WrongPinError(1));
    const { model } = await setup({
      driver,
      seed: async (db) => {
        await putToken(db, tokenRecord(TOKEN.id));
        await replaceCertificates(db, TOKEN.id, [{ tokenId: TOKEN.id, keyRef: 0x9d, der: new ArrayBuffer(2), report: report(), parseError: null, readAt: '2026-11-01T00:00:00Z' }]);
      },
    });
    await model.start({ demo: false });
    const view = model.getState().tokens.get(TOKEN.id)!;
    expect(view.live).toBe(false);
    expect(view.certificates.map((c) => c.keyRef)).toEqual([0x9d]);
    expect((view.error as Error).name).toBe('WrongPinError');
  });
});
