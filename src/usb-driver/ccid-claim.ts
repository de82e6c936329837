/**
 * Opening a WebUSB device as a CCID reader (CCID Rev 1.1 §5): open, select configuration 1, find the smart-card
 * interface by its class descriptor, refuse the character level (TPDU and APDU levels are spoken), claim it. Every browser
 * failure is typed by the step that failed (errors.ts).
 */
import { NotSupportedError } from '../shared/errors';
import { exchangeLevelOf } from './ccid-descriptor';
import { findCcidInterface, readConfigurationDescriptor, type CcidInterface } from './ccid-interface';
import { classifyWebUsbError, type UsbOperation } from './errors';
import type { UsbCapture } from './usbpcap';

/** Claims the CCID interface of an opened-or-not device; the caller closes the device if this throws. */
export async function claimCcidInterface(device: USBDevice, deviceName: string, capture: UsbCapture | undefined): Promise<CcidInterface> {
  const step = async <T>(operation: UsbOperation, action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      throw classifyWebUsbError(error, { deviceName, operation });
    }
  };
  if (!device.configuration) await step('configure', () => device.selectConfiguration(1));
  const configuration = device.configuration;
  if (!configuration) throw new NotSupportedError('USB configuration', `${deviceName} has no configuration`);
  const raw = await step('control', () => readConfigurationDescriptor(device, capture));
  const ccid = findCcidInterface(configuration, raw);
  if (!ccid) throw new NotSupportedError('CCID interface', `${deviceName} has no CCID smart-card interface`);
  const level = exchangeLevelOf(ccid.descriptor.features);
  if (level === 'character') {
    // Character level leaves even the T=0/T=1 framing of each byte to the host (CCID §5.1 dwFeatures bits
    // 16-18 all clear); no token we know works that way. Say which device and why, up front.
    throw new NotSupportedError('CCID character exchange level', `${deviceName} exchanges at CCID character level, which is not supported`);
  }
  await step('claim', () => device.claimInterface(ccid.interfaceNumber));
  if (ccid.alternateSetting !== 0) {
    await step('claim', () => device.selectAlternateInterface(ccid.interfaceNumber, ccid.alternateSetting));
  }
  return ccid;
}
