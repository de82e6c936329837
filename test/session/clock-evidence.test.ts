/**
 * Clock evidence gathered and kept by the worker itself (issue 7 §1, §5), through the real service and the real
 * store: "check your PC clock" only when a wrong clock could have produced the verdict — a clock BEHIND can make
 * a valid certificate look not-yet-valid, a clock AHEAD can make it look expired — and evidence comes only from
 * certificates whose chain verified to a trusted anchor.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import * as x509 from '@peculiar/x509';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKEN_ID } from '../../src/sources/demo-source';
import { describeUsbDevice, usbSourceDevice } from '../../src/sources/webusb-ccid-source';
import { FACTORY_DEFAULTS } from '../../src/cards/piv/constants';
import type { CertificateReport } from '../../src/shared/pki/certificate-report';
import { getSetting, openAppDb } from '../../src/store';
import { badgeFor } from '../../src/ui/token-view';
import { provisionDemoTokenWithCa } from '../../src/virtual/virtual-token/demo';
import { VirtualUsb } from '../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../src/virtual/virtual-token/virtual-usb-device';
import type { ReporterOptions } from '../../src/worker/certificate-reports';
import { createDeviceService } from '../../src/worker/device-service';
import { IdbTrustData, NEWEST_NOT_BEFORE_SETTING } from '../../src/worker/trust-data';

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;
const CRL_URL = 'http://crl.example.test/evidence-ca.crl';
const SLOT = 0x9a;
const REAL_NOW = new Date();

let caDer: Uint8Array;
let leafDer: Uint8Array;
let expiredLeafDer: Uint8Array;
let futureUnknownDer: Uint8Array;

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
  // Self-signed (no trusted chain) and dated far in the future: must never count as clock evidence.
  const strangerKeys = await crypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const stranger = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '0e01', name: 'CN=Future Stranger', notBefore: new Date('2040-01-01T00:00:00Z'), notAfter: new Date('2041-01-01T00:00:00Z'),
    signingAlgorithm: ALG, keys: strangerKeys,
  });
  futureUnknownDer = new Uint8Array(stranger.rawData);
});

type Reporter = Omit<ReporterOptions, 'data'>;

/** A fresh "worker" on `factory`'s IndexedDB (which trusts the test CA), reading a demo card with `der` in 9A. */
async function readThrough(factory: IDBFactory, der: Uint8Array, reporter: Reporter): Promise<CertificateReport> {
  const { card } = await provisionDemoTokenWithCa();
  const device = new VirtualUsbDevice(card, { serialNumber: 'EVIDENCE' });
  const usb = new VirtualUsb();
  usb.plug(device);
  const service = createDeviceService({
    sources: [],
    loadDemo: async () => usbSourceDevice(usb, device, describeUsbDevice(device, DEMO_TOKEN_ID, 'virtual', true)),
    data: new IdbTrustData(() => openAppDb(factory)),
    reporter,
    ...(reporter.now ? { now: reporter.now } : {}),
  });
  await service.trust.importCaFile(caDer);
  await service.tokens.startDemoToken();
  await service.keyAdmin.writeCertificate(DEMO_TOKEN_ID, SLOT, der, FACTORY_DEFAULTS.MANAGEMENT_KEY_HEX);
  const cert = (await service.tokens.readCertificates(DEMO_TOKEN_ID)).find((c) => c.keyRef === SLOT);
  expect(cert?.report).toBeTruthy();
  return cert!.report!;
}

async function newestSaved(factory: IDBFactory): Promise<string | null> {
  const db = await openAppDb(factory);
  const saved = await getSetting(db, NEWEST_NOT_BEFORE_SETTING);
  db.close();
  return saved;
}

const BEHIND = { now: () => new Date('2020-01-01T08:00:00Z') };
const AHEAD = { now: () => new Date(REAL_NOW.getTime() + 3 * 365 * DAY) };
/** The server's Date is the real time; it arrived when the (wrong) PC clock read `pcNow` — same clock as `now`. */
const serverSaysRealTime = (pcNow: Date) => async () => ({ date: REAL_NOW.toISOString(), receivedAt: pcNow.toISOString() });

describe('the clock is named only when a wrong clock could have produced the verdict', () => {
  it('expired certificate with a clock that is behind is not blamed on the clock (it is expired at the real time too)', async () => {
    const report = await readThrough(new IDBFactory(), expiredLeafDer, { ...BEHIND, buildTime: REAL_NOW.toISOString() });
    expect(report.status).toBe('expired');
    expect(report.clockSuspect).toBe(false);
    expect(badgeFor(report, 'zh-CN').clockHint).toBe(false);
  });

  it('a valid certificate that looks not-yet-valid on a clock behind the build time names the clock', async () => {
    // Built after the certificate was issued: at the build time it is valid, at the PC's time it is not yet.
    const report = await readThrough(new IDBFactory(), leafDer, { ...BEHIND, buildTime: REAL_NOW.toISOString() });
    expect(report.status).toBe('not-yet-valid');
    expect(report.clockSuspect).toBe(true);
  });

  it('a clock ahead makes a valid certificate look expired: only two-sided evidence (server Date) can say so', async () => {
    const withoutServer = await readThrough(new IDBFactory(), leafDer, AHEAD);
    expect(withoutServer.status).toBe('expired');
    expect(withoutServer.clockSuspect).toBe(false);
    const withServer = await readThrough(new IDBFactory(), leafDer, { ...AHEAD, serverTime: serverSaysRealTime(AHEAD.now()) });
    expect(withServer.status).toBe('expired');
    expect(withServer.clockSuspect).toBe(true);
  });

  it('an expired certificate on a clock ahead, when it is expired at the server time too, is not blamed on the clock', async () => {
    const report = await readThrough(new IDBFactory(), expiredLeafDer, { ...AHEAD, serverTime: serverSaysRealTime(AHEAD.now()) });
    expect(report.status).toBe('expired');
    expect(report.clockSuspect).toBe(false);
  });
});

describe('clock evidence that cannot be poisoned', () => {
  it('remembers the notBefore of a chain-verified certificate, for the next start', async () => {
    const factory = new IDBFactory();
    const report = await readThrough(factory, leafDer, {});
    expect(report.chain.status).toBe('trusted');
    expect(await newestSaved(factory)).toBe(report.notBefore);
  });

  it('a future-dated certificate of an unknown issuer never becomes clock evidence', async () => {
    const factory = new IDBFactory();
    const stranger = await readThrough(factory, futureUnknownDer, {});
    expect(stranger.chain.status).not.toBe('trusted');
    expect(await newestSaved(factory)).not.toBe(stranger.notBefore);
    // And the next read of a good certificate is not "clock suspect" because of it.
    const next = await readThrough(factory, leafDer, {});
    expect(next.status).toBe('valid');
    expect(next.clockSuspect).toBe(false);
  });
});
