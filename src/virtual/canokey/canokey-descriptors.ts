/**
 * The descriptor set the CanoKey emulator presents — CanoKey's layout (canokey-core interfaces/USB/device/
 * usbd_desc.c, snapshot 26dc6e8) and the "web-ready UKEY" profile's (docs/web-ready-ukey.md): a composite device
 * (class 0) with a FIDO HID interface, the vendor-class web interface (FF/FF/FF, no endpoints: APDUs on EP0) and
 * a class-0x0B CCID interface for native middleware; a BOS with the WebUSB platform capability (WebUSB §4.3.1)
 * and the Microsoft OS 2.0 capability (Microsoft OS 2.0 Descriptors Specification, Tables 1–4), whose
 * descriptor set binds WinUSB to the web interface only, through a FUNCTION subset (Tables 10–14). Written from
 * those specifications' field tables, not copied.
 */
import { encodeReaderClassDescriptor } from '../virtual-token/virtual-usb-descriptors';
import { guidBytes, le16, le32, stringDescriptor, utf16le } from './usb-descriptor-bytes';

export const CANOKEY_IDS = { vendorId: 0x20a0, productId: 0x42d4 } as const;
export const CANOKEY_INTERFACES = { fido: 0, web: 1, ccid: 2 } as const;
/** bcdDevice 1.00; a descriptor change needs a new one, since Windows caches MS OS answers per bcdDevice. */
export const CANOKEY_BCD_DEVICE = 0x0100;
/** bRequest values the host uses to fetch the landing page URL and the MS OS 2.0 set (usbd_ctlreq.c). */
export const VENDOR_CODE = { webUsb: 0x01, msOs20: 0x02 } as const;
/** wIndex of those requests: WebUSB GET_URL = 2 (WebUSB §4.4.1), MS_OS_20_DESCRIPTOR_INDEX = 7 (Table 8). */
export const VENDOR_INDEX = { getUrl: 0x02, msOs20Descriptor: 0x07 } as const;
/** The DeviceInterfaceGUIDs value Windows gives the WinUSB function (CanoKey's own GUID). */
export const CANOKEY_INTERFACE_GUID = '{244EB29E-E090-4E49-81FE-1F20F8D3B8F4}';
export const LANDING_PAGE = 'console.canokeys.org';

const DESCRIPTOR = { device: 0x01, configuration: 0x02, string: 0x03, interface: 0x04, endpoint: 0x05, bos: 0x0f, capability: 0x10 } as const;
const WEBUSB_UUID = '{3408B638-09A9-47A0-8BFD-A0768815B665}';
const MS_OS_20_UUID = '{D8DD60DF-4589-4CC7-9CD2-659D9E648A9F}';
/** dwWindowsVersion: Windows 8.1 (NTDDI_WINBLUE), the first to read MS OS 2.0 descriptors. */
const WINDOWS_8_1 = 0x06030000;
const MS_OS_20 = { setHeader: 0, configurationSubset: 1, functionSubset: 2, compatibleId: 3, registryProperty: 4 } as const;
const REG_MULTI_SZ = 7;
export const STRING_INDEX = { manufacturer: 1, product: 2, serial: 3, fido: 0x10, ccid: 0x11, web: 0x12 } as const;
const ENDPOINTS = { fidoIn: 0x81, fidoOut: 0x01, ccidIn: 0x82, ccidOut: 0x02 } as const;

export function deviceDescriptor(vendorId: number, productId: number): Uint8Array {
  return Uint8Array.from([
    18, DESCRIPTOR.device, ...le16(0x0210), // bcdUSB 2.10: the host asks for the BOS (USB 2.0 LPM ECN)
    0x00, 0x00, 0x00, 64, // composite: class per interface
    ...le16(vendorId), ...le16(productId), ...le16(CANOKEY_BCD_DEVICE),
    STRING_INDEX.manufacturer, STRING_INDEX.product, STRING_INDEX.serial, 1,
  ]);
}

function interfaceDescriptor(number: number, endpoints: number, cls: number, sub: number, protocol: number, name: number): number[] {
  return [9, DESCRIPTOR.interface, number, 0, endpoints, cls, sub, protocol, name];
}

function endpoint(address: number, attributes: number, size: number, interval: number): number[] {
  return [7, DESCRIPTOR.endpoint, address, attributes, ...le16(size), interval];
}

/** CCID descriptor of CanoKey's card interface: T=1, extended APDU level, 1340-byte buffer (usbd_desc.c). */
function ccidClassDescriptor(): Uint8Array {
  return encodeReaderClassDescriptor({
    bcdCcid: 0x0110, maxSlotIndex: 0, voltageSupport: 0x07, protocols: 0x02, defaultClock: 4000, maximumClock: 4000,
    numClockSupported: 0, dataRate: 307200, maxDataRate: 307200, numDataRatesSupported: 0, maxIfsd: 1340,
    synchProtocols: 0, mechanical: 0, features: 0x000400fe, maxCcidMessageLength: 1350, classGetResponse: 0xff,
    classEnvelope: 0xff, lcdLayout: 0, pinSupport: 0, maxCcidBusySlots: 1,
  });
}

export function configurationDescriptor(): Uint8Array {
  const body = [
    ...interfaceDescriptor(CANOKEY_INTERFACES.fido, 2, 0x03, 0x00, 0x00, STRING_INDEX.fido),
    9, 0x21, ...le16(0x0111), 0, 1, 0x22, ...le16(34), // HID descriptor: one report descriptor (HID 1.11 §6.2.1)
    ...endpoint(ENDPOINTS.fidoIn, 0x03, 64, 2),
    ...endpoint(ENDPOINTS.fidoOut, 0x03, 64, 5),
    ...interfaceDescriptor(CANOKEY_INTERFACES.web, 0, 0xff, 0xff, 0xff, STRING_INDEX.web),
    ...interfaceDescriptor(CANOKEY_INTERFACES.ccid, 2, 0x0b, 0x00, 0x00, STRING_INDEX.ccid),
    ...ccidClassDescriptor(),
    ...endpoint(ENDPOINTS.ccidIn, 0x02, 64, 0),
    ...endpoint(ENDPOINTS.ccidOut, 0x02, 64, 0),
  ];
  const total = 9 + body.length;
  return Uint8Array.from([9, DESCRIPTOR.configuration, ...le16(total), 3, 1, 0, 0x80, 50, ...body]);
}

/** The MS OS 2.0 descriptor set: header → configuration subset → function subset(web) → WINUSB → GUIDs. */
export function msOs20DescriptorSet(webInterface: number = CANOKEY_INTERFACES.web): Uint8Array {
  const compatibleId = [...le16(20), ...le16(MS_OS_20.compatibleId), ...Array.from('WINUSB', (c) => c.charCodeAt(0)), 0, 0, ...new Array<number>(8).fill(0)];
  // Chrome reads DeviceInterfaceGUIDs (plural, REG_MULTI_SZ) to find the WinUSB path (usb_service_win.cc).
  const name = [...utf16le('DeviceInterfaceGUIDs'), 0, 0];
  const data = [...utf16le(CANOKEY_INTERFACE_GUID), 0, 0, 0, 0];
  const property = [...le16(10 + name.length + data.length), ...le16(MS_OS_20.registryProperty), ...le16(REG_MULTI_SZ), ...le16(name.length), ...name, ...le16(data.length), ...data];
  const functionBody = [...compatibleId, ...property];
  const functionSubset = [...le16(8), ...le16(MS_OS_20.functionSubset), webInterface, 0, ...le16(8 + functionBody.length), ...functionBody];
  // The configuration subset's "bConfigurationValue" is the configuration's index (0), not its value (1).
  const configurationSubset = [...le16(8), ...le16(MS_OS_20.configurationSubset), 0, 0, ...le16(8 + functionSubset.length), ...functionSubset];
  const total = 10 + configurationSubset.length;
  return Uint8Array.from([...le16(10), ...le16(MS_OS_20.setHeader), ...le32(WINDOWS_8_1), ...le16(total), ...configurationSubset]);
}

function platformCapability(uuid: string, payload: readonly number[]): number[] {
  return [4 + 16 + payload.length, DESCRIPTOR.capability, 0x05, 0x00, ...guidBytes(uuid), ...payload];
}

/** BOS (USB 3.2 §9.6.2, used by USB 2.1 devices): WebUSB capability (optional) and MS OS 2.0 capability. */
export function bosDescriptor(options: { webUsb?: boolean } = {}): Uint8Array {
  const capabilities: number[][] = [];
  if (options.webUsb ?? true) capabilities.push(platformCapability(WEBUSB_UUID, [...le16(0x0100), VENDOR_CODE.webUsb, 1]));
  const setLength = msOs20DescriptorSet().length;
  capabilities.push(platformCapability(MS_OS_20_UUID, [...le32(WINDOWS_8_1), ...le16(setLength), VENDOR_CODE.msOs20, 0]));
  const body = capabilities.flat();
  return Uint8Array.from([5, DESCRIPTOR.bos, ...le16(5 + body.length), capabilities.length, ...body]);
}

/** WebUSB URL descriptor (WebUSB §4.3.2): bScheme 1 = "https://". */
export function urlDescriptor(url: string = LANDING_PAGE): Uint8Array {
  const bytes = Array.from(url, (c) => c.charCodeAt(0));
  return Uint8Array.from([3 + bytes.length, 0x03, 0x01, ...bytes]);
}

export function stringDescriptorFor(index: number, strings: { manufacturer: string; product: string; serial: string }): Uint8Array | null {
  switch (index) {
    case 0:
      return Uint8Array.from([4, DESCRIPTOR.string, ...le16(0x0409)]);
    case STRING_INDEX.manufacturer:
      return stringDescriptor(strings.manufacturer);
    case STRING_INDEX.product:
      return stringDescriptor(strings.product);
    case STRING_INDEX.serial:
      return stringDescriptor(strings.serial);
    case STRING_INDEX.fido:
      return stringDescriptor('FIDO2/U2F');
    case STRING_INDEX.ccid:
      return stringDescriptor('OpenPGP PIV OATH');
    case STRING_INDEX.web:
      return stringDescriptor('WebUSB');
    default:
      return null;
  }
}
