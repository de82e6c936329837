import { describe, expect, it } from 'vitest';
import {
  BROWSER_RULES,
  FAMILY_IDS,
  KEY_FAMILIES,
  REACH_CONTEXTS,
  reachForDevice,
  reachTableMarkdown,
  reachVerdict,
  type FamilyId,
  type ReachContext,
  type Verdict,
} from '../../../src/ui/reach';
import { GUIDE_IDS } from '../../../src/shared/errors/guide-ids';

type Row = readonly [Verdict, Verdict, Verdict, Verdict, Verdict];
// Columns follow REACH_CONTEXTS: page-windows, page-macos, page-linux, installed-pwa, chromeos-iwa.
const EXPECTED: Readonly<Record<FamilyId, Row>> = {
  'feitian-epass2003': ['needs-iwa', 'needs-iwa', 'needs-iwa', 'needs-iwa', 'works'],
  'feitian-3000gm': ['unknown', 'unknown', 'unknown', 'unknown', 'unknown'],
  'watchdata-usb-key': ['needs-iwa', 'needs-iwa', 'needs-iwa', 'needs-iwa', 'works'],
  'watchdata-w5181': ['needs-iwa', 'needs-iwa', 'needs-iwa', 'needs-iwa', 'works'],
  'hdzb-ukey': ['needs-iwa', 'needs-iwa', 'needs-iwa', 'needs-iwa', 'works'],
  'longmai-gm3000': ['no-web-path', 'no-web-path', 'no-web-path', 'no-web-path', 'unknown'],
  'longmai-gm3000c': ['unknown', 'unknown', 'unknown', 'unknown', 'unknown'],
  excelsecu: ['needs-iwa', 'needs-iwa', 'needs-iwa', 'needs-iwa', 'works'],
  haitai: ['unknown', 'unknown', 'unknown', 'unknown', 'unknown'],
  hengbao: ['no-web-path', 'no-web-path', 'no-web-path', 'no-web-path', 'unknown'],
  linguo: ['no-web-path', 'no-web-path', 'no-web-path', 'no-web-path', 'unknown'],
  yubikey: ['needs-iwa', 'needs-iwa', 'needs-iwa', 'needs-iwa', 'works'],
  canokey: ['works', 'works', 'works', 'works', 'works'],
  virtual: ['works', 'works', 'works', 'works', 'works'],
};

const cases = FAMILY_IDS.flatMap((family) => REACH_CONTEXTS.map((context, i) => [family, context, EXPECTED[family][i]!] as const));

describe('reach map: verdict per family × context (issue 11 §1)', () => {
  it.each(cases)('%s in %s → %s', (family: FamilyId, context: ReachContext, expected: Verdict) => {
    const v = reachVerdict(family, context);
    expect(v.verdict).toBe(expected);
    expect(v.wayOut['zh-CN'].length).toBeGreaterThan(4);
    expect(v.wayOut.en.length).toBeGreaterThan(4);
    if (v.guideId !== null) expect(GUIDE_IDS).toContain(v.guideId);
    for (const rule of v.rules) expect(Object.keys(BROWSER_RULES)).toContain(rule);
  });

  it('every family groups tokens with one interface kind, exchange level and command set', () => {
    for (const family of KEY_FAMILIES) {
      expect(family.tokens.length).toBeGreaterThan(0);
      const shapes = new Set(family.tokens.map((t) => `${t.interfaceKind}/${t.exchangeLevel}/${t.commandSet}/${t.interfaces.join('+')}`));
      expect(shapes.size, family.id).toBe(1);
    }
  });

  it('a link that works is never "works as it is" when we do not speak the card command set', () => {
    const ePass = reachVerdict('feitian-epass2003', 'chromeos-iwa');
    expect(ePass).toMatchObject({ verdict: 'works', path: 'web-smart-card', cardProfile: 'missing', guideId: 'token-unsupported' });
    expect(ePass.wayOut['zh-CN']).toContain('CA 提供的工具');
    const yubi = reachVerdict('yubikey', 'chromeos-iwa');
    expect(yubi).toMatchObject({ verdict: 'works', cardProfile: 'supported', guideId: null });
  });

  it('the TPDU T=0 Watchdata keys reach the card in the IWA through PC/SC (libccid does T=0), not WebUSB', () => {
    expect(reachVerdict('watchdata-usb-key', 'chromeos-iwa')).toMatchObject({ path: 'web-smart-card', rules: ['smartCardApi'] });
  });

  it('the way out names the CA tool, the IWA and another key in plain Chinese first', () => {
    const page = reachVerdict('watchdata-usb-key', 'page-windows');
    expect(page.guideId).toBe('protected-interface');
    expect(page.wayOut['zh-CN']).toMatch(/ChromeOS 上本应用的专用版本/); // no "IWA" in a Chinese sentence (issue 16 §3)
    expect(page.wayOut['zh-CN']).toMatch(/CA 提供的工具/);
    expect(page.wayOut['zh-CN']).toMatch(/厂商自定义接口或 HID 接口/);
    const cd = reachVerdict('longmai-gm3000', 'page-linux');
    expect(cd.wayOut['zh-CN']).toContain('光盘');
    expect(cd.rules).toContain('scsi');
    expect(reachVerdict('longmai-gm3000c', 'page-windows')).toMatchObject({ path: 'webhid-discovery' });
    expect(reachVerdict('longmai-gm3000c', 'page-windows').wayOut['zh-CN']).toContain('诊断信息');
  });

  it('an installed PWA has the page rules, and says so', () => {
    expect(reachVerdict('excelsecu', 'installed-pwa').rules).toContain('installedPwa');
  });

  it('devices by VID:PID: known ones by family, any other one unknown', () => {
    expect(reachForDevice({ vendorId: 0x163c, productId: 0x0a03 }, 'chromeos-iwa').family).toBe('watchdata-w5181');
    expect(reachForDevice({ vendorId: 0x1050, productId: 0x0407 }, 'page-linux')).toMatchObject({ family: 'yubikey', verdict: 'needs-iwa' });
    expect(reachForDevice({ vendorId: 0x1234, productId: 0x5678 }, 'chromeos-iwa')).toMatchObject({ family: null, verdict: 'unknown', cardProfile: 'unknown' });
  });

  it('an unlisted device by what its interfaces show: vendor-class CCID needs WinUSB on Windows only', () => {
    const vendorClass = { vendorId: 0x1234, productId: 0x0001, interfaceKind: 'ccid-vendor-class', exchangeLevel: 'short-apdu' } as const;
    expect(reachForDevice(vendorClass, 'page-windows')).toMatchObject({ verdict: 'needs-winusb', guideId: 'windows-driver-winusb', rules: ['winusb'] });
    expect(reachForDevice(vendorClass, 'installed-pwa').verdict).toBe('needs-winusb');
    expect(reachForDevice(vendorClass, 'page-linux')).toMatchObject({ verdict: 'works', path: 'webusb-ccid' });
    // A TPDU-level vendor-class reader: our driver speaks T=0/T=1 (src/tpdu), so it works where it can be claimed.
    expect(reachForDevice({ ...vendorClass, exchangeLevel: 'tpdu' }, 'page-macos')).toMatchObject({ verdict: 'works', path: 'webusb-ccid' });
    const smartCardClass = { vendorId: 0x1234, productId: 0x0002, interfaceKind: 'ccid', exchangeLevel: 'extended-apdu' } as const;
    expect(reachForDevice(smartCardClass, 'page-linux').verdict).toBe('needs-iwa');
    expect(reachForDevice(smartCardClass, 'chromeos-iwa')).toMatchObject({ verdict: 'works', path: 'webusb-ccid', rules: ['usbUnrestricted'] });
    expect(reachForDevice({ vendorId: 0x1234, productId: 3, interfaceKind: 'none' }, 'page-linux').verdict).toBe('unknown');
  });

  it('prints the closing-note table: one row per family, sources in each row', () => {
    const table = reachTableMarkdown();
    process.stdout.write(`\n${table}\n`);
    const rows = table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Family'));
    expect(rows).toHaveLength(KEY_FAMILIES.length);
    expect(table).toContain('163C:0407');
    expect(table).toContain('readers/Watchdata_USB_Key');
    expect(table).toMatch(/\| tpdu T=0 \|/);
    expect(table).toContain('`protectedClasses`');
  });
});
