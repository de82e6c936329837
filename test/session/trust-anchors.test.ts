/**
 * The user's trust store kept by the worker itself (issue 7 §5: no window shuttle): importing a CA file flips a
 * chain verdict from unknown-issuer to trusted and survives a worker restart (same IndexedDB); imported CRLs
 * decide revocation and are kept too; CA files are parsed with typed errors; CRLs are downloaded over real
 * HTTP from a local server, and a failed or impossible download says why (issue 7 §1 "revocation truth").
 */
import 'fake-indexeddb/auto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as x509 from '@peculiar/x509';
import { IDBFactory } from 'fake-indexeddb';
import { expose, type Endpoint } from 'comlink';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKEN_ID } from '../../src/sources/demo-source';
import { describeUsbDevice, usbSourceDevice } from '../../src/sources/webusb-ccid-source';
import { FACTORY_DEFAULTS } from '../../src/cards/piv/constants';
import { createCrlFetcher } from '../../src/shared/pki/crl-fetch';
import { CaImportError, CrlError } from '../../src/shared/pki/errors';
import { openAppDb } from '../../src/store';
import { provisionDemoTokenWithCa } from '../../src/virtual/virtual-token/demo';
import { VirtualUsb } from '../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../src/virtual/virtual-token/virtual-usb-device';
import { createDeviceService } from '../../src/worker/device-service';
import { wrapDriver, type RemoteDriver } from '../../src/worker/api-surface';
import { installErrorTransfer } from '../../src/worker/error-transfer';
import { IdbTrustData, MemoryTrustData, type TrustData } from '../../src/worker/trust-data';

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;
/** What the local CRL server answers: the CRL bytes, or an HTTP status. */
let served: Uint8Array | number = 404;
let requests = 0;
let server: Server;
let crlUrl = '';
const SLOT = 0x9a;

interface TestPki {
  readonly caDer: Uint8Array;
  readonly leafDer: Uint8Array;
  readonly leafSerial: string;
  readonly caKeys: CryptoKeyPair;
  readonly caName: string;
}

let pki: TestPki;

beforeAll(async () => {
  server = createServer((_req, res) => {
    requests++;
    if (typeof served === 'number') res.writeHead(served).end('no');
    else res.writeHead(200, { 'Content-Type': 'application/pkix-crl' }).end(Buffer.from(served));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  crlUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/test-ca.crl`;
  const caKeys = await crypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const caName = 'CN=测试根 CA, O=Trust Test, C=CN';
  const now = Date.now();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '0a01',
    name: caName,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 3650 * DAY),
    signingAlgorithm: ALG,
    keys: caKeys,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  const leafKeys = await crypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const leafSerial = '5e01';
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: leafSerial,
    subject: 'CN=李四, O=Trust Test, C=CN',
    issuer: ca.subject,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 365 * DAY),
    signingAlgorithm: ALG,
    publicKey: leafKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.CRLDistributionPointsExtension([crlUrl]),
    ],
  });
  pki = { caDer: new Uint8Array(ca.rawData), leafDer: new Uint8Array(leaf.rawData), leafSerial, caKeys, caName };
});

async function crlRevokingLeaf(nextUpdateDays: number): Promise<Uint8Array> {
  const now = Date.now();
  const crl = await x509.X509CrlGenerator.create({
    issuer: pki.caName,
    thisUpdate: new Date(now - DAY),
    nextUpdate: new Date(now + nextUpdateDays * DAY),
    entries: [{ serialNumber: pki.leafSerial, revocationDate: new Date(now - DAY) }],
    signingAlgorithm: ALG,
    signingKey: pki.caKeys.privateKey,
  });
  return new Uint8Array(crl.rawData);
}

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let close: (() => void) | null = null;
afterEach(() => {
  close?.();
  close = null;
  served = 404;
  requests = 0;
});

interface ServiceOptions {
  readonly data?: TrustData;
  /** The worker's page protocol and online state for CRL downloads; absent = never fetch. */
  readonly download?: { readonly pageProtocol: string; readonly online: boolean };
}

/** The demo card WITHOUT its demo CA as an anchor, our leaf written to 9A, the service behind comlink. */
async function serviceWithLeaf(options: ServiceOptions = {}): Promise<RemoteDriver> {
  installErrorTransfer();
  const { card } = await provisionDemoTokenWithCa();
  const device = new VirtualUsbDevice(card, { serialNumber: 'TRUST-T' });
  const usb = new VirtualUsb();
  usb.plug(device);
  const { download } = options;
  const service = createDeviceService({
    sources: [],
    loadDemo: async () => usbSourceDevice(usb, device, describeUsbDevice(device, DEMO_TOKEN_ID, 'virtual', true)),
    data: options.data ?? new MemoryTrustData(),
    reporter: download
      ? { fetchCrl: createCrlFetcher({ fetch: (url, init) => fetch(url, init), pageProtocol: download.pageProtocol, isOnline: () => download.online }) }
      : {},
  });
  const channel = new MessageChannel();
  expose(service, channel.port1 as unknown as Endpoint);
  close = () => (channel.port1.close(), channel.port2.close());
  const remote = wrapDriver(channel.port2 as unknown as Endpoint);
  await remote.tokens.startDemoToken();
  await remote.keyAdmin.writeCertificate(DEMO_TOKEN_ID, SLOT, pki.leafDer, FACTORY_DEFAULTS.MANAGEMENT_KEY_HEX);
  return remote;
}

/** The worker's own IndexedDB (fake-indexeddb), shared by two service instances as by two worker lives. */
function idbData(factory: IDBFactory): TrustData {
  return new IdbTrustData(() => openAppDb(factory));
}

async function leafReport(remote: RemoteDriver) {
  const cert = (await remote.tokens.readCertificates(DEMO_TOKEN_ID)).find((c) => c.keyRef === SLOT);
  expect(cert?.parseError).toBeNull();
  return cert!.report!;
}

const pem = (label: string, der: Uint8Array) => `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END ${label}-----\n`;

describe('trust anchors kept by the worker', () => {
  it('flips the chain from unknown-issuer to trusted after importCaFile, and back when removed', async () => {
    const remote = await serviceWithLeaf();
    const before = await leafReport(remote);
    expect(before.chain.status).toBe('unknown-issuer');
    expect(before.signatureValid).toBeNull();

    expect(await remote.trust.importCaFile(pki.caDer)).toBe(1);
    expect(await remote.trust.importCaFile(pki.caDer)).toBe(0); // the same file again adds nothing
    const after = await leafReport(remote);
    expect(after.chain).toEqual({ status: 'trusted', path: [after.subjectDN, after.issuerDN] });
    expect(after.signatureValid).toBe(true);
    expect(after.revocation).toMatchObject({ status: 'unknown', unchecked: 'no-crl' }); // this worker never fetches

    const [ca] = await remote.trust.listTrustedCas();
    expect(ca?.subjectDN).toContain('测试根 CA');
    await remote.trust.removeTrustedCa(ca!.id);
    expect((await leafReport(remote)).chain.status).toBe('unknown-issuer');
  });

  it('a restarted worker judges with the anchors and CRLs it kept in IndexedDB, with nothing sent by the window', async () => {
    const factory = new IDBFactory();
    const first = await serviceWithLeaf({ data: idbData(factory) });
    await first.trust.importCaFile(pki.caDer);
    await first.trust.importCrl(await crlRevokingLeaf(7));
    close?.();
    const restarted = await serviceWithLeaf({ data: idbData(factory) });
    const report = await leafReport(restarted);
    expect(report.chain.status).toBe('trusted');
    expect(report.revocation.status).toBe('revoked');
    expect((await restarted.trust.listCrls()).map((c) => c.issuerDN)).toEqual([expect.stringContaining('测试根 CA')]);
  });

  it('an imported CRL (PEM or DER) marks the listed certificate revoked; garbage is a CrlError', async () => {
    const remote = await serviceWithLeaf();
    await remote.trust.importCaFile(pki.caDer);
    const crl = await crlRevokingLeaf(7);
    await remote.trust.importCrl(new TextEncoder().encode(pem('X509 CRL', crl)));
    expect((await leafReport(remote)).revocation.status).toBe('revoked');
    await expect(remote.trust.importCrl(Uint8Array.of(1, 2, 3))).rejects.toBeInstanceOf(CrlError);
  });
});

describe('CA files parsed in the worker', () => {
  it('lists every certificate of a PEM bundle and marks which one is a CA', async () => {
    const remote = await serviceWithLeaf();
    const bundle = new TextEncoder().encode(pem('CERTIFICATE', pki.caDer) + pem('CERTIFICATE', pki.leafDer));
    const infos = await remote.trust.parseCaFile(bundle);
    expect(infos.map((i) => i.isCa)).toEqual([true, false]);
    expect(infos[0]!.subjectDN).toContain('测试根 CA');
    expect(infos[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect([...infos[0]!.der]).toEqual([...pki.caDer]);
    expect(Date.parse(infos[0]!.notAfter)).toBeGreaterThan(Date.now());
  });

  it('a file of end-entity certificates only, or garbage, is a typed CaImportError', async () => {
    const remote = await serviceWithLeaf();
    await expect(remote.trust.parseCaFile(pki.leafDer)).rejects.toMatchObject({ name: 'CaImportError', reason: 'not-a-ca', guideId: 'certificate-unreadable' });
    const garbage = await remote.trust.parseCaFile(new TextEncoder().encode('not a certificate at all')).catch((e: unknown) => e);
    expect(garbage).toBeInstanceOf(CaImportError);
    expect(garbage).toMatchObject({ reason: 'unreadable' });
  });
});

describe('CRL downloads over real HTTP', () => {
  it('fetches the distribution point while online, uses the verified CRL and keeps it', async () => {
    served = await crlRevokingLeaf(7);
    const remote = await serviceWithLeaf({ download: { pageProtocol: 'http:', online: true } });
    await remote.trust.importCaFile(pki.caDer);
    expect((await leafReport(remote)).revocation.status).toBe('revoked');
    expect(requests).toBe(1);
    expect(await remote.trust.listCrls()).toHaveLength(1);
  });

  it('a failed download says why and where, instead of a bare "unknown"', async () => {
    served = 404;
    const remote = await serviceWithLeaf({ download: { pageProtocol: 'http:', online: true } });
    await remote.trust.importCaFile(pki.caDer);
    expect((await leafReport(remote)).revocation).toMatchObject({ status: 'unknown', unchecked: 'http-error', url: crlUrl });
    expect(requests).toBe(1);
  });

  it('offline: nothing is asked of the network, and the report says "offline"', async () => {
    served = await crlRevokingLeaf(7);
    const remote = await serviceWithLeaf({ download: { pageProtocol: 'http:', online: false } });
    await remote.trust.importCaFile(pki.caDer);
    expect((await leafReport(remote)).revocation).toMatchObject({ status: 'unknown', unchecked: 'offline' });
    expect(requests).toBe(0);
  });
});
