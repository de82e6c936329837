import { afterEach, describe, expect, it } from 'vitest';
import { WrongPinError } from '../../src/apdu/errors';
import { UKeyError } from '../../src/shared/errors/ukey-error';
import { PinFormatError } from '../../src/cards/piv/errors';
import { DeviceDisconnectedError, DeviceNotFoundError, ProtectedInterfaceError } from '../../src/usb-driver/device-errors';
import { harness, type Harness } from './demo-service';

let current: Harness | null = null;
afterEach(() => {
  current?.close();
  current = null;
});

describe('DeviceService through comlink (MessageChannel) over the real stack', () => {
  it('starts the demo token, reads info, certificates with reports, and PIN status', async () => {
    const h = (current = await harness());
    expect(await h.remote.tokens.listPairedTokens()).toEqual([]);
    const paired = await h.remote.tokens.startDemoToken();
    expect(paired).toMatchObject({ id: 'demo', isDemo: true, transport: 'virtual' });
    const info = await h.remote.tokens.open('demo');
    expect(info).toMatchObject({ tokenId: 'demo', serialNumber: String(0x02026112), firmwareVersion: '5.7.2', profileId: 'piv', readsTriesWithoutSpending: true });
    const certs = await h.remote.tokens.readCertificates('demo');
    expect(certs.map((c) => c.keyRef)).toEqual([0x9a, 0x9c, 0x9d, 0x82]);
    const auth = certs[0]!;
    expect(auth.report?.subject.CN ?? auth.report?.subjectDN).toContain('张三');
    expect(auth.report?.chain.status).toBe('trusted');
    expect(certs[2]?.report?.status).toBe('expiring');
    expect(await h.remote.pin.getPinStatus('demo')).toMatchObject({ pin: { attemptsRemaining: 3, blocked: false } });
    expect(h.verifies()).toBe(0);
  });

  it('a wrong PIN arrives in the window as the real WrongPinError with attemptsRemaining; one VERIFY only', async () => {
    const h = (current = await harness());
    await h.remote.tokens.startDemoToken();
    const error = await h.remote.pin.sign('demo', { keyRef: 0x9a, data: Uint8Array.of(1, 2, 3), pin: '000000' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongPinError);
    expect(error).toBeInstanceOf(UKeyError);
    expect((error as WrongPinError).attemptsRemaining).toBe(2);
    expect((error as WrongPinError).guideId).toBe('wrong-pin');
    expect(h.verifies()).toBe(1);
    const format = await h.remote.pin.verifyPin('demo', '123456789').catch((e: unknown) => e);
    expect(format).toBeInstanceOf(PinFormatError);
    expect((format as PinFormatError).reason).toBe('too-long');
    expect(h.verifies()).toBe(1);
  });

  it('signs after one VERIFY; the traffic log and USB capture hold no PIN bytes', async () => {
    const h = (current = await harness());
    await h.remote.tokens.startDemoToken();
    const signature = await h.remote.pin.sign('demo', { keyRef: 0x9a, data: new TextEncoder().encode('hello'), pin: '123456' });
    expect(signature[0]).toBe(0x30);
    const log = (await h.remote.diagnostics.getTrafficLog('demo')).join('\n');
    expect(log).toContain('> 00200080');
    expect(log).not.toContain('313233343536');
    const capture = Buffer.from(await h.remote.diagnostics.getUsbCapture('demo')).toString('hex');
    expect(capture.length).toBeGreaterThan(0);
    expect(capture).not.toContain('313233343536');
  });

  it('an unknown token is DeviceNotFoundError; a pulled token fails typed, and works again after re-plugging', async () => {
    const h = (current = await harness());
    await expect(h.remote.tokens.open('1050:0407:x')).rejects.toBeInstanceOf(DeviceNotFoundError);
    await h.remote.tokens.startDemoToken();
    await h.remote.tokens.open('demo');
    h.usb.unplug(h.device);
    await expect(h.remote.pin.getPinStatus('demo')).rejects.toBeInstanceOf(DeviceDisconnectedError);
    h.usb.plug(h.device);
    expect((await h.remote.pin.getPinStatus('demo')).pin.attemptsRemaining).toBe(3);
  });

  it('a protected-class interface (WebUSB SecurityError on claim) arrives typed with its guide', async () => {
    const h = (current = await harness());
    await h.remote.tokens.startDemoToken();
    h.device.faults.protectedClass();
    const error = await h.remote.tokens.open('demo').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtectedInterfaceError);
    expect((error as ProtectedInterfaceError).guideId).toBe('protected-interface');
    h.device.faults.clear();
    expect((await h.remote.tokens.open('demo')).firmwareVersion).toBe('5.7.2');
  });

  it('generates a key and writes a certificate with the management key', async () => {
    const h = (current = await harness());
    await h.remote.tokens.startDemoToken();
    const key = await h.remote.keyAdmin.generateKey('demo', 0x83, 'ECC-P384', '010203040506070801020304050607080102030405060708');
    expect(key.algorithm).toBe('ECC-P384');
    const spki = await crypto.subtle.importKey('spki', new Uint8Array(key.spki), { name: 'ECDSA', namedCurve: 'P-384' }, true, ['verify']);
    expect(spki.type).toBe('public');
    const certs = await h.remote.tokens.readCertificates('demo');
    await h.remote.keyAdmin.writeCertificate('demo', 0x83, certs[0]!.der, '010203040506070801020304050607080102030405060708');
    expect((await h.remote.tokens.readCertificates('demo')).map((c) => c.keyRef)).toEqual([0x9a, 0x9c, 0x9d, 0x82, 0x83]);
    await expect(h.remote.keyAdmin.writeCertificate('demo', 0x84, certs[0]!.der, '00'.repeat(24))).rejects.toMatchObject({
      name: 'ManagementKeyAuthError',
      failure: 'rejected',
    });
  });
});

