import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { CaImportError } from '../../../src/pki/errors';
import { listTrustedCas, openAppDb } from '../../../src/store';
import { AppModel } from '../../../src/ui/app-model';
import type { ClockEvidenceInput, CrlInfo, CaCertificateInfo, DeviceService, PairedToken, PinStatusPair, TokenCertificate } from '../../../src/worker/device-service-api';
import { report } from '../store/fixtures';

const TOKEN: PairedToken = {
  id: '1050:0407:7', vendorId: 0x1050, productId: 0x0407, productName: 'Token', usbSerialNumber: '7',
  transport: 'webusb-ccid', vendor: null, model: null, isDemo: false,
};
const CA_DER = Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x07);
const CA: CaCertificateInfo = { der: CA_DER, sha256: 'ab'.repeat(32), subjectDN: 'CN=Test Root CA', notAfter: '2036-01-01T00:00:00.000Z', isCa: true };
const LEAF: CaCertificateInfo = { der: Uint8Array.of(0x30, 0x00), sha256: 'cd'.repeat(32), subjectDN: 'CN=Leaf', notAfter: '2027-01-01T00:00:00.000Z', isCa: false };

/** A driver whose chain verdict depends on the anchors the window sent, like the worker's. */
class TrustDriver implements Partial<DeviceService> {
  anchors: Uint8Array[] = [];
  calls: string[] = [];
  async listPairedTokens() { return [TOKEN]; }
  async open() {
    return { tokenId: TOKEN.id, vendor: null, model: null, serialNumber: '7', firmwareVersion: null, chuidGuid: null, atrHex: '3b', supportsMetadata: false };
  }
  async getPinStatus(): Promise<PinStatusPair> {
    const s = { attemptsRemaining: 3, totalAttempts: 3, blocked: false, isDefault: false };
    return { pin: s, puk: s };
  }
  async setTrustAnchors(ders: Uint8Array[]) {
    this.calls.push(`anchors:${ders.length}`);
    this.anchors = ders;
  }
  clock: ClockEvidenceInput[] = [];
  async setClockEvidence(evidence: ClockEvidenceInput) { this.clock.push(evidence); }
  async takeFetchedCrls(): Promise<CrlInfo[]> { return []; }
  async importCrl() {}
  async parseCaFile(bytes: Uint8Array): Promise<CaCertificateInfo[]> {
    if (bytes[0] !== 0x30) throw new CaImportError('unreadable', 'garbage');
    return [CA, LEAF];
  }
  async readCertificates(): Promise<TokenCertificate[]> {
    this.calls.push('read');
    const trusted = this.anchors.some((a) => a.length === CA_DER.length && a.every((b, i) => b === CA_DER[i]));
    const chain = { status: trusted ? ('trusted' as const) : ('unknown-issuer' as const), path: [] };
    return [{ slot: 0x9a, der: Uint8Array.of(0x30, 0x00), report: report({ chain }), parseError: null }];
  }
}

function model(factory: IDBFactory, driver: TrustDriver): AppModel {
  return new AppModel({ openDb: () => openAppDb(factory), loadDriver: async () => driver as unknown as DeviceService, now: () => new Date('2026-11-22T10:00:00Z') });
}

const chainOf = (m: AppModel) => m.getState().tokens.get(TOKEN.id)?.certificates[0]?.report?.chain.status;

describe('AppModel trusted CA certificates', () => {
  it('imports only the CA entries, persists them, sends them to the driver and re-reads the token', async () => {
    const factory = new IDBFactory();
    const driver = new TrustDriver();
    const m = model(factory, driver);
    await m.start({ demo: false });
    expect(chainOf(m)).toBe('unknown-issuer');
    driver.calls = [];
    expect(await m.importCaFile(Uint8Array.of(0x30, 0x01))).toBe(1);
    expect(driver.calls).toEqual(['anchors:1', 'read']);
    expect(chainOf(m)).toBe('trusted');
    expect(m.getState().trustedCas.map((c) => [c.id, c.label, c.notAfter])).toEqual([[CA.sha256, CA.subjectDN, CA.notAfter]]);
    const db = await openAppDb(factory);
    const stored = await listTrustedCas(db);
    db.close();
    expect(stored.map((c) => [...new Uint8Array(c.der)])).toEqual([[...CA_DER]]);
    // The same file again adds nothing and does not re-read.
    driver.calls = [];
    expect(await m.importCaFile(Uint8Array.of(0x30, 0x01))).toBe(0);
    expect(driver.calls).toEqual([]);
  });

  it('after a reload the stored anchors reach the driver before the first certificate read', async () => {
    const factory = new IDBFactory();
    const first = model(factory, new TrustDriver());
    await first.start({ demo: false });
    await first.importCaFile(Uint8Array.of(0x30));
    const driver = new TrustDriver();
    const reloaded = model(factory, driver);
    await reloaded.start({ demo: false });
    expect(driver.calls).toEqual(['anchors:1', 'read']);
    expect(chainOf(reloaded)).toBe('trusted');
    expect(reloaded.getState().trustedCas).toHaveLength(1);
  });

  it('a bad file throws the typed error and changes nothing', async () => {
    const factory = new IDBFactory();
    const driver = new TrustDriver();
    const m = model(factory, driver);
    await m.start({ demo: false });
    await m.importCaFile(Uint8Array.of(0x30));
    await expect(m.importCaFile(Uint8Array.of(0x00))).rejects.toMatchObject({ name: 'CaImportError', guideId: 'certificate-unreadable' });
    expect(m.getState().trustedCas).toHaveLength(1);
    expect(driver.anchors).toHaveLength(1);
  });

  it('removing a CA deletes it, tells the driver and re-reads', async () => {
    const factory = new IDBFactory();
    const driver = new TrustDriver();
    const m = model(factory, driver);
    await m.start({ demo: false });
    await m.importCaFile(Uint8Array.of(0x30));
    driver.calls = [];
    await m.removeTrustedCa(CA.sha256);
    expect(driver.calls).toEqual(['anchors:0', 'read']);
    expect(chainOf(m)).toBe('unknown-issuer');
    const db = await openAppDb(factory);
    expect(await listTrustedCas(db)).toEqual([]);
    db.close();
  });
});
