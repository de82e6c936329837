/**
 * The user's trust store through the worker hop: a chain verdict flips from unknown-issuer to trusted once the
 * window sends its imported CA certificates, CA files are parsed in the worker with typed errors, imported
 * CRLs decide revocation, and CRL downloads happen only while online.
 */
import * as x509 from '@peculiar/x509';
import { expose, wrap, type Endpoint, type Remote } from 'comlink';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FACTORY_DEFAULTS } from '../../src/piv/constants';
import { CaImportError, CrlError } from '../../src/pki/errors';
import { provisionDemoTokenWithCa } from '../../src/virtual-token/demo';
import { VirtualUsb } from '../../src/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../src/virtual-token/virtual-usb-device';
import { CertificateReporter, onlineCrlFetcher } from '../../src/worker/certificate-reports';
import { DeviceServiceImpl } from '../../src/worker/device-service';
import type { DeviceService } from '../../src/worker/device-service-api';
import { installErrorTransfer } from '../../src/worker/error-transfer';
import { DEMO_TOKEN_ID, describeDevice } from '../../src/worker/token-directory';

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;
const CRL_URL = 'http://crl.example.test/test-ca.crl';
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
      new x509.CRLDistributionPointsExtension([CRL_URL]),
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

let close: (() => void) | null = null;
afterEach(() => {
  close?.();
  close = null;
});

/** The demo card WITHOUT its demo CA as an anchor, our leaf written to 9A, the service behind comlink. */
async function serviceWithLeaf(reporter?: CertificateReporter): Promise<Remote<DeviceService>> {
  installErrorTransfer();
  const { card } = await provisionDemoTokenWithCa();
  const device = new VirtualUsbDevice(card, { serialNumber: 'TRUST-T' });
  const usb = new VirtualUsb();
  usb.plug(device);
  const service = new DeviceServiceImpl({
    usb: null,
    loadDemo: async () => ({ paired: describeDevice(device, DEMO_TOKEN_ID, 'virtual', true), device, usb }),
    ...(reporter ? { reporter } : {}),
  });
  const channel = new MessageChannel();
  expose(service, channel.port1 as unknown as Endpoint);
  close = () => (channel.port1.close(), channel.port2.close());
  const remote = wrap<DeviceService>(channel.port2 as unknown as Endpoint);
  await remote.startDemoToken();
  await remote.writeCertificate(DEMO_TOKEN_ID, SLOT, pki.leafDer, FACTORY_DEFAULTS.MANAGEMENT_KEY_HEX);
  return remote;
}

async function leafReport(remote: Remote<DeviceService>) {
  const cert = (await remote.readCertificates(DEMO_TOKEN_ID)).find((c) => c.slot === SLOT);
  expect(cert?.parseError).toBeNull();
  return cert!.report!;
}

const pem = (label: string, der: Uint8Array) => `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END ${label}-----\n`;

describe('trust anchors sent by the window', () => {
  it('flips the chain from unknown-issuer to trusted after setTrustAnchors, and back when removed', async () => {
    const remote = await serviceWithLeaf();
    const before = await leafReport(remote);
    expect(before.chain.status).toBe('unknown-issuer');
    expect(before.signatureValid).toBeNull();

    await remote.setTrustAnchors([pki.caDer]);
    const after = await leafReport(remote);
    expect(after.chain).toEqual({ status: 'trusted', path: [after.subjectDN, after.issuerDN] });
    expect(after.signatureValid).toBe(true);
    expect(after.revocation.status).toBe('unknown'); // no CRL cached, and this reporter never fetches

    await remote.setTrustAnchors([]);
    expect((await leafReport(remote)).chain.status).toBe('unknown-issuer');
  });

  it('an imported CRL (PEM or DER) marks the listed certificate revoked; garbage is a CrlError', async () => {
    const remote = await serviceWithLeaf();
    await remote.setTrustAnchors([pki.caDer]);
    const crl = await crlRevokingLeaf(7);
    await remote.importCrl(new TextEncoder().encode(pem('X509 CRL', crl)));
    expect((await leafReport(remote)).revocation.status).toBe('revoked');
    await expect(remote.importCrl(Uint8Array.of(1, 2, 3))).rejects.toBeInstanceOf(CrlError);
  });
});

describe('CA files parsed in the worker', () => {
  it('lists every certificate of a PEM bundle and marks which one is a CA', async () => {
    const remote = await serviceWithLeaf();
    const bundle = new TextEncoder().encode(pem('CERTIFICATE', pki.caDer) + pem('CERTIFICATE', pki.leafDer));
    const infos = await remote.parseCaFile(bundle);
    expect(infos.map((i) => i.isCa)).toEqual([true, false]);
    expect(infos[0]!.subjectDN).toContain('测试根 CA');
    expect(infos[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect([...infos[0]!.der]).toEqual([...pki.caDer]);
    expect(Date.parse(infos[0]!.notAfter)).toBeGreaterThan(Date.now());
  });

  it('a file of end-entity certificates only, or garbage, is a typed CaImportError', async () => {
    const remote = await serviceWithLeaf();
    await expect(remote.parseCaFile(pki.leafDer)).rejects.toMatchObject({ name: 'CaImportError', reason: 'not-a-ca', guideId: 'certificate-unreadable' });
    const garbage = await remote.parseCaFile(new TextEncoder().encode('not a certificate at all')).catch((e: unknown) => e);
    expect(garbage).toBeInstanceOf(CaImportError);
    expect(garbage).toMatchObject({ reason: 'unreadable' });
  });
});

describe('CRL downloads', () => {
  it('fetches the distribution point while online and uses the verified CRL', async () => {
    const crl = await crlRevokingLeaf(7);
    const fetchFn = vi.fn(async () => new Response(crl.slice().buffer as ArrayBuffer, { status: 200 }));
    const remote = await serviceWithLeaf(new CertificateReporter({ fetchCrl: onlineCrlFetcher(fetchFn, () => true) }));
    await remote.setTrustAnchors([pki.caDer]);
    expect((await leafReport(remote)).revocation.status).toBe('revoked');
    expect(fetchFn).toHaveBeenCalledWith(CRL_URL, expect.objectContaining({ signal: expect.any(AbortSignal) }));
  });

  it('never fetches while offline, and a non-OK answer leaves revocation unknown', async () => {
    const fetchFn = vi.fn(async () => new Response('nope', { status: 404 }));
    const offline = onlineCrlFetcher(fetchFn, () => false);
    await expect(offline(CRL_URL)).rejects.toThrow(/offline/);
    expect(fetchFn).not.toHaveBeenCalled();
    const remote = await serviceWithLeaf(new CertificateReporter({ fetchCrl: onlineCrlFetcher(fetchFn, () => true) }));
    await remote.setTrustAnchors([pki.caDer]);
    const report = await leafReport(remote);
    expect(report.revocation.status).toBe('unknown');
    expect(fetchFn).toHaveBeenCalledTimes(1);
  });
});
