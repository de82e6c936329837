/**
 * AppModel's key actions for issue 8: the first scan flag the PIN page waits for, 重新读取 that always
 * answers, notes kept with a key (old records without notes stay valid), removing a key and leaving the demo.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { loadSnapshot, openAppDb, putToken, replaceCertificates } from '../../../src/store';
import { isTokenRecord } from '../../../src/store/validate';
import { AppModel } from '../../../src/ui/app-model';
import type { DeviceService, PairedToken, PinStatusPair, TokenCertificate } from '../../../src/worker/device-service-api';
import { report, tokenRecord } from '../store/fixtures';
import { asDriver } from '../../support/flat-driver';
import { recordsOn } from '../../support/records-on';

const DEMO: PairedToken = {
  id: 'demo', vendorId: 0x1209, productId: 1, productName: 'Virtual PIV', usbSerialNumber: 'demo',
  transport: 'virtual', vendor: 'UKey', model: 'Demo token', isDemo: true,
};

/** Times the worker was told to delete the shared demo card. */
let demoCardsLeft = 0;

/** A driver that sees only the tokens in `present` (the others are "not plugged in"). */
function driver(present: PairedToken[]): DeviceService {
  const fake = {
    listPairedTokens: async () => present,
    startDemoToken: async () => DEMO,
    leaveDemoToken: async () => void demoCardsLeft++,
    open: async (id: string) => ({ tokenId: id, vendor: 'UKey', model: 'Demo token', serialNumber: '1', firmwareVersion: '5.7.2', profileId: 'piv', cardIdentifier: null, atrHex: '3b', readsTriesWithoutSpending: true, pinPolicy: { minLength: 6, maxLength: 8, charset: 'any' }, capabilities: { credentials: { pin: true, unblockCode: true }, signs: true, renews: true } }),
    readCertificates: async (): Promise<TokenCertificate[]> => [{ keyRef: 0x9a, role: 'authentication', der: Uint8Array.of(0x30, 0), report: report(), parseError: null }],
    getPinStatus: async (): Promise<PinStatusPair> => ({ pin: { attemptsRemaining: 3, totalAttempts: 3, blocked: false, isDefault: false }, unblockCode: { attemptsRemaining: 3, totalAttempts: 3, blocked: false, isDefault: false } }),
    listTrustedCas: async () => [],
    listCrls: async () => [],
  };
  return asDriver(fake);
}

async function setup(present: PairedToken[]) {
  const factory = new IDBFactory();
  const seed = await openAppDb(factory);
  await putToken(seed, tokenRecord('absent', { label: '信访', isDemo: false }));
  await replaceCertificates(seed, 'absent', [{ tokenId: 'absent', keyRef: 0x9a, der: new ArrayBuffer(2), report: report(), parseError: null, readAt: '2026-11-01T00:00:00Z' }]);
  seed.close();
  let left = 0;
  const model = new AppModel({ loadRecords: recordsOn(factory), loadDriver: async () => driver(present), onDemoLeft: () => void left++ });
  return { model, factory, left: () => left };
}

describe('AppModel key actions (issue 8)', () => {
  it('marks the first scan done only after the demo started and every present key was read', async () => {
    const { model } = await setup([]);
    const seen: Array<[boolean, boolean]> = [];
    model.subscribe((s) => seen.push([s.scanned, s.tokens.get('demo')?.live ?? false]));
    await model.start({ demo: true });
    const firstScanned = seen.findIndex(([scanned]) => scanned);
    expect(firstScanned).toBeGreaterThan(-1);
    expect(seen[firstScanned]?.[1]).toBe(true); // the demo key was live before "scanned" flipped
  });

  it('重新读取 answers false for a key the browser does not see, true once it is there', async () => {
    const present: PairedToken[] = [];
    const { model } = await setup(present);
    await model.start({ demo: false });
    expect(await model.rereadToken('absent')).toBe(false);
    present.push({ ...DEMO, id: 'absent', isDemo: false });
    expect(await model.rereadToken('absent')).toBe(true);
    expect(model.getState().tokens.get('absent')?.live).toBe(true);
  });

  it('keeps notes with the key on the device; records without notes stay valid, non-string notes do not', async () => {
    const { model, factory } = await setup([]);
    await model.start({ demo: false });
    await model.setNotes('absent', '王科员保管');
    const snap = await loadSnapshot(await openAppDb(factory));
    expect(snap.tokens.find((t) => t.id === 'absent')?.notes).toBe('王科员保管');
    expect(isTokenRecord(tokenRecord('old'))).toBe(true);
    expect(isTokenRecord({ ...tokenRecord('bad'), notes: 42 })).toBe(false);
  });

  it('removes a key and its cached certificates from the device', async () => {
    const { model, factory } = await setup([]);
    await model.start({ demo: false });
    await model.removeToken('absent');
    expect(model.getState().tokens.has('absent')).toBe(false);
    const snap = await loadSnapshot(await openAppDb(factory));
    expect(snap.tokens).toEqual([]);
    expect(snap.certificates).toEqual([]);
  });

  it('leaving the demo forgets the demo key, ends demo mode and tells the shell', async () => {
    const { model, left } = await setup([DEMO]);
    await model.start({ demo: true });
    expect(model.getState().demo).toBe(true);
    await model.leaveDemo();
    expect(model.getState().demo).toBe(false);
    expect(model.getState().tokens.has('demo')).toBe(false);
    expect(model.getState().tokens.has('absent')).toBe(true);
    expect(left()).toBe(1);
    expect(demoCardsLeft).toBe(1);
  });
});
