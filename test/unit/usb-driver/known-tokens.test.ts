import { describe, expect, it } from 'vitest';
import { KNOWN_TOKENS, VIRTUAL_TOKEN_IDS, findKnownToken, requestDeviceFilters } from '../../../src/usb-driver/known-tokens';
import { VirtualUsb } from '../../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../../src/virtual/virtual-token/virtual-usb-device';
import { CcidTransport } from '../../../src/usb-driver/ccid-transport';
import { FixtureCard, hex, toHex } from './fixtures/fixture-card';

describe('known tokens (DESIGN.md §3)', () => {
  it('knows every token of the design', () => {
    const ids: [number, number, string][] = [
      [0x096e, 0x0807, 'extended-apdu'],
      [0x096e, 0x080a, 'extended-apdu'],
      [0x163c, 0x0407, 'tpdu'],
      [0x163c, 0x0417, 'tpdu'],
      [0x1677, 0x0025, 'tpdu'],
      [0x1ea8, 0x8013, 'extended-apdu'],
    ];
    for (const [vendorId, productId, level] of ids) expect(findKnownToken(vendorId, productId)?.exchangeLevel).toBe(level);
    expect(findKnownToken(0x1050, 0x0407)?.interfaceKind).toBe('blocklisted');
    expect(findKnownToken(VIRTUAL_TOKEN_IDS.vendorId, VIRTUAL_TOKEN_IDS.productId)?.interfaceKind).toBe('virtual');
    expect(findKnownToken(0x1234, 0x5678)).toBeNull();
  });

  it('Watchdata USB Keys are TPDU T=0 only and W5181 is 163C:0A03 at short-APDU level (libccid readers list)', () => {
    for (const pid of [0x0407, 0x0417, 0x0418]) {
      expect(findKnownToken(0x163c, pid)).toMatchObject({ model: 'USB Key', exchangeLevel: 'tpdu', protocols: ['t0'] });
    }
    expect(findKnownToken(0x163c, 0x0a03)).toMatchObject({ model: 'W5181', exchangeLevel: 'short-apdu' });
    expect(findKnownToken(0x1677, 0x0025)).toMatchObject({ exchangeLevel: 'tpdu', protocols: ['t0', 't1'] });
  });

  it('Watchdata (T=0) and HDZB (T=0/T=1) are reachable at the transport level once their interface can be claimed', async () => {
    for (const [vendorId, productId, protocols, protocol] of [[0x163c, 0x0407, 'T0', 'T=0'], [0x1677, 0x0025, 'T0+T1', 'T=1']] as const) {
      const known = findKnownToken(vendorId, productId);
      expect(known?.guideId).toBe('protected-interface');
      expect(known?.notes).toMatch(/engine/);
      // As on Linux/macOS when the key's CCID interface is vendor class, or in an IWA with usb-unrestricted.
      const device = new VirtualUsbDevice(new FixtureCard(), { vendorId, productId, interfaceClass: 0xff, exchangeLevel: 'tpdu', protocols });
      const usb = new VirtualUsb();
      usb.plug(device);
      const transport = await CcidTransport.open(device, { usb });
      expect(transport.describe()).toMatchObject({ exchangeLevel: 'tpdu', tpdu: { protocol } });
      expect(toHex(await transport.exchange(hex('00EE000002CAFE00')))).toBe('CAFE9000');
      await transport.close();
    }
  });

  it('names the interface kind of the families our users hold', () => {
    expect(findKnownToken(0x055c, 0xdb08)?.interfaceKind).toBe('mass-storage');
    expect(findKnownToken(0x055c, 0xf603)).toMatchObject({ interfaceKind: 'composite', interfaces: ['hid', 'ccid'] });
    expect(findKnownToken(0x6588, 0x1514)?.interfaceKind).toBe('mass-storage');
    expect(findKnownToken(0x14d6, 0x3032)?.interfaceKind).toBe('mass-storage');
    expect(findKnownToken(0x096e, 0x0303)?.interfaceKind).toBe('unknown');
    expect(findKnownToken(0x5448, 0x0001)?.interfaceKind).toBe('unknown');
  });

  it('every fact has a source, and "unknown" facts say so in their source', () => {
    for (const t of KNOWN_TOKENS) {
      for (const source of Object.values(t.sources)) expect(source.length).toBeGreaterThan(3);
      if (t.exchangeLevel === null && t.interfaceKind !== 'mass-storage') expect(t.sources.exchange).toMatch(/^unknown/);
      if (t.interfaceKind === 'unknown') expect(t.sources.interface).toMatch(/^unknown/);
    }
  });

  it('has one entry per VID:PID', () => {
    const keys = KNOWN_TOKENS.map((t) => `${t.vendorId}:${String(t.productId)}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('pairing filters list known tokens and the smart-card class, never the blocklisted vendor', () => {
    const filters = requestDeviceFilters();
    expect(filters).toContainEqual({ vendorId: 0x096e, productId: 0x0807 });
    expect(filters).toContainEqual({ classCode: 0x0b });
    expect(filters.some((f) => f.vendorId === 0x1050)).toBe(false);
  });

  it('the filters pick a vendor-class virtual token in the (virtual) chooser', async () => {
    const usb = new VirtualUsb();
    const device = new VirtualUsbDevice(new FixtureCard(), { interfaceClass: 0xff });
    usb.plug(device, { granted: false });
    expect(await usb.getDevices()).toEqual([]);
    expect(await usb.requestDevice({ filters: requestDeviceFilters() })).toBe(device);
    expect(await usb.getDevices()).toEqual([device]);
    await expect(usb.requestDevice({ filters: [{ vendorId: 0x096e }] })).rejects.toMatchObject({ name: 'NotFoundError' });
  });
});
