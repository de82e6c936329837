import { describe, expect, it } from 'vitest';
import { CHECK_IDS, FIX_LABELS, runEnvironmentChecks, type CheckId, type CheckResult, type EnvProbe } from '../../../src/ui/env-check';
import { configDescriptor, fakeEnv, usbDevice } from './fake-env';

async function check(id: CheckId, overrides: Partial<EnvProbe> = {}): Promise<CheckResult> {
  const results = await runEnvironmentChecks(fakeEnv(overrides));
  const found = results.find((r) => r.id === id);
  if (!found) throw new Error(`no result for ${id}`);
  return found;
}

describe('runEnvironmentChecks', () => {
  it('returns one result per check, in order, with both languages', async () => {
    const results = await runEnvironmentChecks(fakeEnv());
    expect(results.map((r) => r.id)).toEqual([...CHECK_IDS]);
    for (const r of results) {
      expect(r.cause['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(r.cause.en).toMatch(/[A-Za-z]/);
    }
  });

  it('turns a throwing probe into "not checked" with the reason, not a crash', async () => {
    const results = await runEnvironmentChecks(
      fakeEnv({
        storagePersisted: () => Promise.reject(new TypeError('boom')),
        getUsbDevices: () => Promise.reject(new DOMException('x', 'SecurityError')),
      }),
    );
    const storage = results.find((r) => r.id === 'storage-persistence');
    expect(storage?.status).toBe('unchecked');
    expect(storage?.cause.en).toContain('TypeError');
    for (const id of ['usb-permission', 'paired-tokens', 'protected-interface'] as const) {
      const r = results.find((x) => x.id === id);
      expect(r?.status).toBe('unchecked'); // "未检查" with why, never a green 正常 (issue 8 §5)
      expect(r?.cause.en).toContain('SecurityError');
    }
  });
});

describe('platform checks', () => {
  it('secure context and WebUSB fail when missing', async () => {
    expect((await check('secure-context', { isSecureContext: false })).status).toBe('fail');
    expect((await check('webusb', { hasWebUsb: false })).status).toBe('fail');
    expect((await check('webusb')).status).toBe('pass');
  });
  it('missing WebHID warns; a missing Web Smart Card API is "not checked" in a page, never a green OK', async () => {
    expect((await check('webhid', { hasWebHid: false })).status).toBe('warn');
    const smartCard = await check('web-smart-card');
    expect(smartCard.status).toBe('unchecked');
    expect(smartCard.cause.en).toContain('Isolated Web Apps');
  });
  it('worker: no WebUSB inside fails, no WebHID inside warns, no answer warns with reload', async () => {
    expect((await check('worker', { hasWorker: false })).status).toBe('fail');
    expect((await check('worker', { probeWorkerApis: async () => ({ usb: false, hid: true }) })).status).toBe('fail');
    const hid = await check('worker', { probeWorkerApis: async () => ({ usb: true, hid: false }) });
    expect(hid.status).toBe('warn');
    expect(hid.cause.en).toContain('131');
    const silent = await check('worker', { probeWorkerApis: async () => null });
    expect(silent.fix?.action).toBe('reload');
  });
});

describe('device checks', () => {
  const ccid = usbDevice(0x096e, 0x0807, [0x0b], 'S1');
  it('no granted device warns and offers re-pairing', async () => {
    const r = await check('usb-permission');
    expect(r.status).toBe('warn');
    expect(r.fix).toEqual({ action: 're-pair', label: FIX_LABELS['re-pair'] });
    expect((await check('usb-permission', { getUsbDevices: async () => [ccid] })).status).toBe('pass');
  });
  it('a paired token that is not plugged in is named, with its label', async () => {
    const paired = [
      { id: 'a', vendorId: 0x096e, productId: 0x0807, usbSerialNumber: 'S1', label: '案管', isDemo: false },
      { id: 'b', vendorId: 0x096e, productId: 0x0807, usbSerialNumber: 'S2', label: '信访', isDemo: false },
    ];
    const r = await check('paired-tokens', { listPairedTokens: async () => paired, getUsbDevices: async () => [ccid] });
    expect(r.status).toBe('warn');
    expect(r.cause['zh-CN']).toContain('信访');
    expect(r.cause['zh-CN']).not.toContain('案管');
    const all = await check('paired-tokens', { listPairedTokens: async () => paired.slice(0, 1), getUsbDevices: async () => [ccid] });
    expect(all.status).toBe('pass');
  });
  it('no paired token warns; only the demo token passes', async () => {
    expect((await check('paired-tokens')).status).toBe('warn');
    const demo = [{ id: 'demo', vendorId: -1, productId: -1, usbSerialNumber: null, isDemo: true }];
    expect((await check('paired-tokens', { listPairedTokens: async () => demo })).status).toBe('pass');
  });
  it('a smart-card class token fails the protected-interface check and is named', async () => {
    const r = await check('protected-interface', { getUsbDevices: async () => [ccid] });
    expect(r.status).toBe('fail');
    expect(r.guideId).toBe('protected-interface');
    expect(r.cause.en).toContain('096E:0807');
  });
  it('a vendor-class CCID token passes when its descriptor shows the CCID class descriptor', async () => {
    const vendor = usbDevice(0x163c, 0x0417, [0xff]);
    const r = await check('protected-interface', {
      getUsbDevices: async () => [vendor],
      readConfigurationDescriptor: async () => configDescriptor([{ cls: 0xff, ccid: true }]),
    });
    expect(r.status).toBe('pass');
  });
  it('reads raw descriptors only of devices with a vendor-class interface', async () => {
    const read: number[] = [];
    await check('protected-interface', {
      getUsbDevices: async () => [ccid, usbDevice(0x163c, 0x0417, [0xff])],
      readConfigurationDescriptor: async (d) => {
        read.push(d.vendorId);
        return null;
      },
    });
    expect(read).toEqual([0x163c]);
  });
  it('a malformed descriptor is treated as unread, not as a crash', async () => {
    const r = await check('protected-interface', {
      getUsbDevices: async () => [usbDevice(1, 2, [0xff])],
      readConfigurationDescriptor: async () => Uint8Array.of(1, 2, 3),
    });
    expect(r.status).toBe('pass');
  });
  it('a HID token warns only when WebHID is missing', async () => {
    const hid = usbDevice(0x096e, 0x0006, [0x03]);
    expect((await check('protected-interface', { getUsbDevices: async () => [hid] })).status).toBe('pass');
    expect((await check('protected-interface', { getUsbDevices: async () => [hid], hasWebHid: false })).status).toBe('warn');
  });
});

describe('clock check', () => {
  it('a clock earlier than the build fails without asking the server', async () => {
    let asked = false;
    const r = await check('clock', {
      now: () => Date.parse('2025-01-01T00:00:00Z'),
      fetchServerTime: async () => {
        asked = true;
        return null;
      },
    });
    expect(r.status).toBe('fail');
    expect(r.guideId).toBe('clock-wrong');
    expect(r.cause['zh-CN']).toContain('2026-11-01');
    expect(asked).toBe(false);
  });
  it('online: compares with the server Date and says by how much and which way', async () => {
    const behind = await check('clock', { fetchServerTime: async () => Date.parse('2026-11-25T12:00:00Z') });
    expect(behind.status).toBe('fail');
    expect(behind.cause.en).toContain('3 days behind');
    const ahead = await check('clock', { fetchServerTime: async () => Date.parse('2026-11-22T09:00:00Z') });
    expect(ahead.cause.en).toContain('3 hours ahead');
    expect((await check('clock')).status).toBe('pass');
  });
  it('offline or a failed HEAD: "not checked" against a server, and says so (issue 8 §5)', async () => {
    const offline = await check('clock', { isOnline: false, fetchServerTime: async () => Date.parse('2030-01-01T00:00:00Z') });
    expect(offline.status).toBe('unchecked');
    expect(offline.cause.en).toContain('offline');
    const failed = await check('clock', { fetchServerTime: () => Promise.reject(new TypeError('Failed to fetch')) });
    expect(failed.status).toBe('unchecked');
  });
});

describe('app checks', () => {
  it('offline warns and says the cached data and guides still work', async () => {
    const r = await check('online', { isOnline: false });
    expect(r.status).toBe('warn');
    expect(r.cause.en).toContain('guides still work');
  });
  it('storage not persisted offers the request-persistent-storage fix', async () => {
    const r = await check('storage-persistence', { storagePersisted: async () => false });
    expect(r.fix?.action).toBe('request-persistent-storage');
    expect((await check('storage-persistence', { storagePersisted: async () => null })).fix).toBeUndefined();
  });
  it('service worker: version when active, update fix when waiting, reload when not controlling', async () => {
    const active = await check('service-worker');
    expect(active.status).toBe('pass');
    expect(active.cause.en).toContain('0.1.0+x');
    const waiting = await check('service-worker', {
      serviceWorkerState: async () => ({ supported: true, controlled: true, version: '1', updateWaiting: true }),
    });
    expect(waiting.fix?.action).toBe('update-app');
    const uncontrolled = await check('service-worker', {
      serviceWorkerState: async () => ({ supported: true, controlled: false, version: null, updateWaiting: false }),
    });
    expect(uncontrolled.fix?.action).toBe('reload');
    const missing = await check('service-worker', {
      serviceWorkerState: async () => ({ supported: false, controlled: false, version: null, updateWaiting: false }),
    });
    expect(missing.status).toBe('fail');
  });
  it('IndexedDB failure names the DOMException', async () => {
    const r = await check('indexeddb', { probeIndexedDb: () => Promise.reject(new DOMException('no', 'InvalidStateError')) });
    expect(r.status).toBe('fail');
    expect(r.cause.en).toContain('InvalidStateError');
  });
});
