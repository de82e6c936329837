/**
 * The descriptor set the CanoKey emulator presents (issue 18 §3, the "web-ready UKEY" profile), read by parsers
 * we did not write in TypeScript: tshark's USB dissector decodes the device and configuration descriptors from a
 * USBPcap capture of GET_DESCRIPTOR (composite device, bcdUSB 2.10, FIDO HID + vendor FF/FF/FF with no
 * endpoints + CCID 0x0B with its 54-byte class descriptor); tshark 4.0 does not decode BOS or MS OS 2.0, so a
 * separate Python reader written from the specification tables (bos_msos20_parse.py) checks those: WebUSB and
 * MS OS 2.0 platform capabilities, and a descriptor set whose FUNCTION subset gives WINUSB and
 * DeviceInterfaceGUIDs to the web interface only — never the whole device, which would take CCID from usbccid.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsbCapture, setupPacket } from '../../../src/usb-driver/usbpcap';
import { PivCard } from '../../../src/virtual/virtual-token/piv-card';
import { VirtualCanoKey } from '../../../src/virtual/canokey/virtual-canokey';
import { CANOKEY_INTERFACE_GUID, CANOKEY_INTERFACES, VENDOR_CODE, VENDOR_INDEX } from '../../../src/virtual/canokey/canokey-descriptors';

const dir = mkdtempSync(join(tmpdir(), 'ukey-canokey-desc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const standard = (type: number, index = 0, langId = 0): USBControlTransferParameters => ({
  requestType: 'standard', recipient: 'device', request: 0x06, value: (type << 8) | index, index: langId,
});

async function read(key: VirtualCanoKey, setup: USBControlTransferParameters, length: number, capture?: UsbCapture): Promise<Uint8Array> {
  const reply = await key.controlTransferIn(setup, length);
  expect(reply.status).toBe('ok');
  const bytes = new Uint8Array(reply.data!.buffer, reply.data!.byteOffset, reply.data!.byteLength).slice();
  capture?.control(setupPacket(setup, 'in', length), bytes);
  return bytes;
}

interface ParsedSet {
  bos: { kind?: string; uuid?: string; bVendorCode?: number; bMS_VendorCode?: number; dwWindowsVersion?: number; setLength?: number; iLandingPage?: number }[];
  msos20: { dwWindowsVersion: number; totalLength: number; configurations: { index: number; functions: { firstInterface: number; features: Record<string, unknown>[] }[] }[] };
}

function pythonParse(bos: Uint8Array, set: Uint8Array): ParsedSet {
  const out = execFileSync('python3', [join(__dirname, 'bos_msos20_parse.py'), Buffer.from(bos).toString('hex'), Buffer.from(set).toString('hex')], { encoding: 'utf8' });
  return JSON.parse(out) as ParsedSet;
}

describe('CanoKey emulator descriptors, read by independent parsers', () => {
  it('tshark decodes a composite device: FIDO HID, vendor FF/FF/FF with no endpoints, CCID 0x0B with its class descriptor', async () => {
    const key = new VirtualCanoKey(PivCard.create());
    await key.open();
    const capture = new UsbCapture({ now: () => 1_765_000_000_000 });
    await read(key, standard(0x01), 18, capture);
    await read(key, standard(0x02), 255, capture);
    await read(key, standard(0x03, 2, 0x0409), 255, capture);
    const file = join(dir, 'descriptors.pcap');
    writeFileSync(file, capture.toBytes());
    const fields = ['usb.bcdUSB', 'usb.bDeviceClass', 'usb.idVendor', 'usb.idProduct', 'usb.bInterfaceNumber', 'usb.bInterfaceClass',
      'usb.bInterfaceSubClass', 'usb.bInterfaceProtocol', 'usb.bNumEndpoints', 'usbccid.dwProtocols', 'usbccid.dwFeatures', 'usbccid.dwMaxCCIDMessageLength', 'usb.bString'];
    const out = execFileSync('tshark', ['-r', file, '-T', 'fields', '-E', 'separator=|', ...fields.flatMap((f) => ['-e', f])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const rows = out.trim().split('\n').map((line) => Object.fromEntries(line.split('|').map((v, i) => [fields[i]!, v])));
    const device = rows.find((r) => r['usb.bcdUSB'] !== '')!;
    expect(device).toMatchObject({ 'usb.bcdUSB': '0x0210', 'usb.bDeviceClass': '0x00', 'usb.idVendor': '0x20a0', 'usb.idProduct': '0x42d4' });
    const config = rows.find((r) => r['usb.bInterfaceNumber'] !== '')!;
    expect(config['usb.bInterfaceNumber']).toBe('0,1,2');
    expect(config['usb.bInterfaceClass']).toBe('0x03,0xff,0x0b');
    expect(config['usb.bInterfaceSubClass']).toBe('0x00,0xff,0x00');
    expect(config['usb.bInterfaceProtocol']).toBe('0x00,0xff,0x00');
    expect(config['usb.bNumEndpoints']).toBe('2,0,2'); // the web interface: EP0 only
    expect(config['usbccid.dwProtocols']).toBe('0x00000002'); // T=1
    expect(config['usbccid.dwFeatures']).toBe('0x000400fe'); // extended APDU level
    expect(config['usbccid.dwMaxCCIDMessageLength']).toBe('1350');
    expect(rows.some((r) => r['usb.bString'] === 'CanoKey')).toBe(true);
  });

  it('BOS: WebUSB capability (optional) and MS OS 2.0 capability for Windows 8.1, set length and vendor codes consistent', async () => {
    const key = new VirtualCanoKey(PivCard.create());
    await key.open();
    const bos = await read(key, standard(0x0f), 255);
    const set = await read(key, { requestType: 'vendor', recipient: 'device', request: VENDOR_CODE.msOs20, value: 0, index: VENDOR_INDEX.msOs20Descriptor }, 255);
    const parsed = pythonParse(bos, set);
    expect(parsed.bos).toEqual([
      { capabilityType: 5, uuid: '3408B638-09A9-47A0-8BFD-A0768815B665', kind: 'WebUSB', bcdVersion: 0x0100, bVendorCode: VENDOR_CODE.webUsb, iLandingPage: 1 },
      { capabilityType: 5, uuid: 'D8DD60DF-4589-4CC7-9CD2-659D9E648A9F', kind: 'MS OS 2.0', dwWindowsVersion: 0x06030000, setLength: set.length, bMS_VendorCode: VENDOR_CODE.msOs20, bAltEnumCode: 0 },
    ]);
    // Without the optional WebUSB capability the key is still reachable (filters match the interface class).
    const bare = new VirtualCanoKey(PivCard.create(), { webUsbCapability: false });
    await bare.open();
    expect(pythonParse(await read(bare, standard(0x0f), 255), set).bos.map((c) => c.kind)).toEqual(['MS OS 2.0']);
  });

  it('MS OS 2.0 set: configuration index 0 → function subset on the web interface only → WINUSB + DeviceInterfaceGUIDs (REG_MULTI_SZ)', async () => {
    const key = new VirtualCanoKey(PivCard.create());
    await key.open();
    const bos = await read(key, standard(0x0f), 255);
    const set = await read(key, { requestType: 'vendor', recipient: 'device', request: VENDOR_CODE.msOs20, value: 0, index: VENDOR_INDEX.msOs20Descriptor }, 255);
    const { msos20 } = pythonParse(bos, set);
    expect(set.length).toBe(0xb2); // the same total as CanoKey's own set (usbd_desc.c USBD_FS_MSOS20Desc, 178 bytes)
    expect(msos20).toEqual({
      dwWindowsVersion: 0x06030000,
      totalLength: set.length,
      configurations: [
        {
          index: 0,
          functions: [
            {
              firstInterface: CANOKEY_INTERFACES.web,
              features: [
                { compatibleId: 'WINUSB', subCompatibleId: '' },
                { registryProperty: 'DeviceInterfaceGUIDs', type: 7, value: [CANOKEY_INTERFACE_GUID] },
              ],
            },
          ],
        },
      ],
    });
    // Never a device-level compatible ID (no features outside a function subset): CCID stays with usbccid.
    expect(msos20.configurations.flatMap((c) => c.functions.map((f) => f.firstInterface))).not.toContain(CANOKEY_INTERFACES.ccid);
  });
});
