/**
 * What the window keeps between reads, through the real worker service and the real store (issue 3 §3):
 * a CRL downloaded once is persisted and still decides revocation after a new worker starts offline; and the
 * clock evidence (build time, newest notBefore seen, server Date) makes an expired certificate clockSuspect
 * with the clock hint, when the system clock is wrong.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import * as x509 from '@peculiar/x509';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { FACTORY_DEFAULTS } from '../../src/piv/constants';
import { getSetting, listCrls, openAppDb, putTrustedCa, setSetting } from '../../src/store';
import { AppModel } from '../../src/ui/app-model';
import { NEWEST_NOT_BEFORE_SETTING } from '../../src/ui/read-evidence';
import { badgeFor } from '../../src/ui/token-view';
import { provisionDemoTokenWithCa } from '../../src/virtual-token/demo';
import { VirtualUsb } from '../../src/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../src/virtual-token/virtual-usb-device';
import { CertificateReporter, onlineCrlFetcher, type ReporterOptions } from '../../src/worker/certificate-reports';
import { DeviceServiceImpl } from '../../src/worker/device-service';
import type { DeviceService } from '../../src/worker/device-service-api';
import { DEMO_TOKEN_ID, describeDevice } from '../../src/worker/token-directory';

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;
const CRL_URL = 'http://crl.example.test/evidence-ca.crl';
const SLOT = 0x9a;

let caDer: Uint8Array;
let leafDer: Uint8Array;
let expiredLeafDer: Uint8Array;
let crlDer: Uint8Array;

beforeAll(async () => {
  const keys = await crypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const name = 'CN=证据测试 CA, O=Evidence Test, C=CN';
  const now = Date.now();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '0c01', name, notBefore: new Date(now - 3000 * DAY), notAfter: new Date(now + 3650 * DAY), signingAlgorithm: ALG, keys,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  const leaf = async (serialNumber: string, notBefore: Date, notAfter: Date) => {
    const leafKeys = await crypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber, subject: `CN=王五 ${serialNumber}, O=Evidence Test, C=CN`, issuer: ca.subject, notBefore, notAfter,
      signingAlgorithm: ALG, publicKey: leafKeys.publicKey, signingKey: keys.privateKey,
      extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true), new x509.CRLDistributionPointsExtension([CRL_URL])],
    });
    return new Uint8Array(cert.rawData);
  };
  caDer = new Uint8Array(ca.rawData);
  leafDer = await leaf('0d01', new Date(now - DAY), new Date(now + 365 * DAY));
  expiredLeafDer = await leaf('0d02', new Date('2018-01-01T00:00:00Z'), new Date('2019-01-01T00:00:00Z'));
  // Lists another serial only: the leaf is good while this CRL is current.
  const crl = await x509.X509CrlGenerator.create({
    issuer: name, thisUpdate: new Date(now - DAY), nextUpdate: new Date(now + 7 * DAY),
    entries: [{ serialNumber: '0dff', revocationDate: new Date(now - 2 * DAY) }],
    signingAlgorithm: ALG, signingKey: keys.privateKey,
  });
  crlDer = new Uint8Array(crl.rawData);
});

/** A fresh "worker": a new service and reporter over a new demo card with `der` written to 9A. */
async function newWorker(der: Uint8Array, options: ReporterOptions): Promise<DeviceService> {
  const { card } = await provisionDemoTokenWithCa();
  const device = new VirtualUsbDevice(card, { serialNumber: 'EVIDENCE' });
  const usb = new VirtualUsb();
  usb.plug(device);
  const service = new DeviceServiceImpl({
    usb: null,
    loadDemo: async () => ({ paired: describeDevice(device, DEMO_TOKEN_ID, 'virtual', true), device, usb }),
    reporter: new CertificateReporter(options),
  });
  await service.startDemoToken();
  await service.writeCertificate(DEMO_TOKEN_ID, SLOT, der, FACTORY_DEFAULTS.MANAGEMENT_KEY_HEX);
  return service;
}

async function startModel(factory: IDBFactory, driver: DeviceService, extra: Partial<ConstructorParameters<typeof AppModel>[0]> = {}) {
  const model = new AppModel({ openDb: () => openAppDb(factory), loadDriver: async () => driver, ...extra });
  await model.start({ demo: true });
  const cert = model.getState().tokens.get(DEMO_TOKEN_ID)?.certificates.find((c) => c.slot === SLOT);
  expect(cert?.report).toBeTruthy();
  return cert!.report!;
}

async function factoryTrustingCa(): Promise<IDBFactory> {
  const factory = new IDBFactory();
  const db = await openAppDb(factory);
  await putTrustedCa(db, { id: 'c'.repeat(64), der: caDer.slice().buffer as ArrayBuffer, label: 'CN=证据测试 CA', notAfter: '2036-01-01T00:00:00Z', importedAt: new Date().toISOString() });
  db.close();
  return factory;
}

describe('CRLs kept across worker restarts', () => {
  it('a CRL fetched online is stored and used again by a new worker started offline', async () => {
    const factory = await factoryTrustingCa();
    const fetchOnline = vi.fn(async () => new Response(crlDer.slice().buffer as ArrayBuffer, { status: 200 }));
    const first = await startModel(factory, await newWorker(leafDer, { fetchCrl: onlineCrlFetcher(fetchOnline, () => true) }));
    expect(first.chain.status).toBe('trusted');
    expect(first.revocation.status).toBe('good');
    expect(fetchOnline).toHaveBeenCalledTimes(1);
    const db = await openAppDb(factory);
    const kept = await listCrls(db);
    db.close();
    expect(kept).toHaveLength(1);
    expect(kept[0]!.issuer).toContain('证据测试 CA');
    expect([...new Uint8Array(kept[0]!.der)]).toEqual([...crlDer]);

    const fetchOffline = vi.fn(async () => new Response('unreachable', { status: 503 }));
    const again = await startModel(factory, await newWorker(leafDer, { fetchCrl: onlineCrlFetcher(fetchOffline, () => false) }));
    expect(again.revocation.status).toBe('good');
    expect(fetchOffline).not.toHaveBeenCalled();
  });

  it('without the kept CRL the same offline start says unknown (the control)', async () => {
    const factory = await factoryTrustingCa();
    const report = await startModel(factory, await newWorker(leafDer, { fetchCrl: onlineCrlFetcher(vi.fn(), () => false) }));
    expect(report.chain.status).toBe('trusted');
    expect(report.revocation.status).toBe('unknown');
  });
});

describe('clock evidence reaches the worker', () => {
  const WRONG_NOW = new Date('2020-01-01T08:00:00Z');
  const wrongClock = { now: () => WRONG_NOW };

  it('a clock earlier than the build time makes an expired certificate clockSuspect, with the hint', async () => {
    const report = await startModel(new IDBFactory(), await newWorker(expiredLeafDer, wrongClock), { ...wrongClock, buildTime: '2026-11-01T00:00:00.000Z' });
    expect(report.status).toBe('expired');
    expect(report.clockSuspect).toBe(true);
    expect(badgeFor(report, 'zh-CN').clockHint).toBe(true);
  });

  it('without any evidence the same expired certificate is not blamed on the clock', async () => {
    const report = await startModel(new IDBFactory(), await newWorker(expiredLeafDer, wrongClock), wrongClock);
    expect(report.status).toBe('expired');
    expect(report.clockSuspect).toBe(false);
    expect(badgeFor(report, 'en').clockHint).toBe(false);
  });

  it('a newer notBefore seen earlier (idb setting) or the server Date also name the clock', async () => {
    const factory = new IDBFactory();
    const db = await openAppDb(factory);
    await setSetting(db, NEWEST_NOT_BEFORE_SETTING, '2025-06-01T00:00:00.000Z');
    db.close();
    expect((await startModel(factory, await newWorker(expiredLeafDer, wrongClock), wrongClock)).clockSuspect).toBe(true);

    const serverSays = async () => new Date('2026-11-22T10:00:00Z');
    const viaServer = await startModel(new IDBFactory(), await newWorker(expiredLeafDer, wrongClock), { ...wrongClock, fetchServerDate: serverSays });
    expect(viaServer.clockSuspect).toBe(true);
  });

  it('remembers the newest notBefore it read, for the next start', async () => {
    const factory = new IDBFactory();
    const model = new AppModel({ openDb: () => openAppDb(factory), loadDriver: async () => newWorker(leafDer, {}) });
    await model.start({ demo: true });
    const reports = model.getState().tokens.get(DEMO_TOKEN_ID)!.certificates.flatMap((c) => (c.report ? [c.report] : []));
    expect(reports.length).toBeGreaterThan(1);
    const newest = Math.max(...reports.map((r) => Date.parse(r.notBefore)));
    const db = await openAppDb(factory);
    const saved = await getSetting(db, NEWEST_NOT_BEFORE_SETTING);
    db.close();
    expect(saved).toBe(new Date(newest).toISOString());
  });
});
