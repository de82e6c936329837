/**
 * Finds the CCID interface of a device: class 0x0B, or vendor class 0xFF carrying the 54-byte CCID descriptor
 * (libccid supports such tokens, and they are not a protected class, DESIGN.md §3), with its endpoints.
 */
import { USB_CLASS } from './ccid-constants';
import { findCcidDescriptor, type CcidDescriptor } from './ccid-descriptor';
import { setupPacket, type UsbCapture } from './usbpcap';

/** USB 2.0 §9.4.3 GET_DESCRIPTOR, descriptor type CONFIGURATION (2); wTotalLength at offset 2. */
const GET_DESCRIPTOR = 0x06;
const CONFIGURATION_DESCRIPTOR = 0x02;
const CONFIGURATION_HEADER_LENGTH = 9;

export interface CcidInterface {
  readonly interfaceNumber: number;
  readonly alternateSetting: number;
  readonly interfaceClass: number;
  readonly bulkIn: number;
  readonly bulkOut: number;
  readonly interruptIn: number | null;
  readonly descriptor: CcidDescriptor;
}

export function configurationDescriptorRequest(configurationIndex: number): USBControlTransferParameters {
  return {
    requestType: 'standard',
    recipient: 'device',
    request: GET_DESCRIPTOR,
    value: (CONFIGURATION_DESCRIPTOR << 8) | configurationIndex,
    index: 0,
  };
}

/** Reads the whole configuration descriptor: first its 9-byte header for wTotalLength, then all of it. */
export async function readConfigurationDescriptor(device: USBDevice, capture?: UsbCapture): Promise<Uint8Array> {
  const index = Math.max(0, device.configuration ? device.configurations.indexOf(device.configuration) : 0);
  const setup = configurationDescriptorRequest(index);
  const read = async (length: number): Promise<Uint8Array> => {
    const result = await device.controlTransferIn(setup, length);
    const bytes = result.data ? new Uint8Array(result.data.buffer, result.data.byteOffset, result.data.byteLength) : new Uint8Array(0);
    capture?.control(setupPacket(setup, 'in', length), bytes);
    return bytes;
  };
  const head = await read(CONFIGURATION_HEADER_LENGTH);
  if (head.length < 4) return new Uint8Array(0);
  return read((head[2] as number) | ((head[3] as number) << 8));
}

function endpointsOf(alternate: USBAlternateInterface): Pick<CcidInterface, 'bulkIn' | 'bulkOut' | 'interruptIn'> | null {
  const find = (direction: USBDirection, type: USBEndpointType): number | null =>
    alternate.endpoints.find((e) => e.direction === direction && e.type === type)?.endpointNumber ?? null;
  const bulkIn = find('in', 'bulk');
  const bulkOut = find('out', 'bulk');
  if (bulkIn === null || bulkOut === null) return null;
  return { bulkIn, bulkOut, interruptIn: find('in', 'interrupt') };
}

/** The first usable CCID interface; a class 0x0B one is preferred over a vendor-class one. */
export function findCcidInterface(configuration: USBConfiguration, raw: Uint8Array): CcidInterface | null {
  const candidates: CcidInterface[] = [];
  for (const usbInterface of configuration.interfaces) {
    for (const alternate of usbInterface.alternates) {
      const cls = alternate.interfaceClass;
      if (cls !== USB_CLASS.SmartCard && cls !== USB_CLASS.VendorSpecific) continue;
      const descriptor = findCcidDescriptor(raw, usbInterface.interfaceNumber);
      const endpoints = endpointsOf(alternate);
      if (!descriptor || !endpoints) continue;
      candidates.push({
        interfaceNumber: usbInterface.interfaceNumber,
        alternateSetting: alternate.alternateSetting,
        interfaceClass: cls,
        descriptor,
        ...endpoints,
      });
    }
  }
  return candidates.find((c) => c.interfaceClass === USB_CLASS.SmartCard) ?? candidates[0] ?? null;
}
