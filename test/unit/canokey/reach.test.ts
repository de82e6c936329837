/**
 * The CanoKey row of the reach map (issue 18 §1): an ordinary page works on Windows (MS OS 2.0 binds WinUSB),
 * macOS and Linux (with the udev note and guide where systemd's uaccess rule does not apply), through the
 * CanoKey source; the IWA reaches it through PC/SC (libccid lists it). The pairing filters include it, and a
 * paired CanoKey is named by the table.
 */
import { describe, expect, it } from 'vitest';
import { KEY_FAMILIES, REACH_CONTEXTS, reachForDevice, reachTableMarkdown, reachVerdict } from '../../../src/ui/reach';
import { findKnownToken, requestDeviceFilters } from '../../../src/usb-driver/known-tokens';
import { caKeysReadable } from '../../../src/ui/pair-verdict';
import { PivCard } from '../../../src/virtual/virtual-token/piv-card';
import { VirtualCanoKey } from '../../../src/virtual/canokey/virtual-canokey';
import { VirtualCanoKeyBus } from '../../../src/virtual/canokey/virtual-canokey-bus';

describe('reach map: CanoKey', () => {
  it('works in an ordinary page on every desktop OS, through its web interface, with the rule each relies on', () => {
    const windows = reachVerdict('canokey', 'page-windows');
    expect(windows).toMatchObject({ verdict: 'works', path: 'webusb-canokey', cardProfile: 'supported', guideId: null });
    expect(windows.rules).toEqual(['vendorClass', 'msOs20Winusb']);
    expect(reachVerdict('canokey', 'page-macos')).toMatchObject({ verdict: 'works', path: 'webusb-canokey', rules: ['vendorClass'] });
    expect(reachVerdict('canokey', 'installed-pwa').rules).toContain('installedPwa');
  });

  it('Linux: works, with the udev note and guide for systems where uaccess does not apply', () => {
    const linux = reachVerdict('canokey', 'page-linux');
    expect(linux).toMatchObject({ verdict: 'works', path: 'webusb-canokey', guideId: 'linux-udev', rules: ['vendorClass', 'linuxUaccess'] });
    expect(linux.wayOut['zh-CN']).toContain('udev');
    expect(linux.wayOut.en).toContain('udev rule');
    expect(reachVerdict('canokey', 'page-macos').wayOut['zh-CN']).not.toContain('udev');
  });

  it('ChromeOS IWA: PC/SC, since libccid lists 20A0:42D4', () => {
    expect(reachVerdict('canokey', 'chromeos-iwa')).toMatchObject({ verdict: 'works', path: 'web-smart-card' });
  });

  it('the table row names its sources; a paired CanoKey is known by VID:PID; it is not counted as a CA key', () => {
    const row = reachTableMarkdown(KEY_FAMILIES.filter((f) => f.id === 'canokey')).split('\n')[2]!;
    expect(row).toContain('20A0:42D4');
    expect(row).toContain('canokey-core');
    expect(row).toContain('webusb.c');
    expect(reachForDevice({ vendorId: 0x20a0, productId: 0x42d4 }, 'page-windows').family).toBe('canokey');
    expect(findKnownToken(0x20a0, 0x42d4)).toMatchObject({ commandSet: 'piv', interfaces: ['fido-hid', 'webusb-apdu', 'ccid'] });
    // CanoKey works in ordinary pages, but it is not a key Chinese CAs hand out: the "CA keys readable" line stays no.
    for (const context of REACH_CONTEXTS.filter((c) => c !== 'chromeos-iwa')) expect(caKeysReadable(context)).toBe(false);
  });

  it('the pairing button’s filters list the key (the chooser shows it)', async () => {
    const bus = new VirtualCanoKeyBus();
    const key = new VirtualCanoKey(PivCard.create());
    bus.plug(key, { granted: false });
    expect(await bus.requestDevice({ filters: requestDeviceFilters() })).toBe(key);
  });
});
