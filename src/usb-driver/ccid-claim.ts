/**
 * Opening a WebUSB device as a CCID reader (CCID Rev 1.1 §5): open, select configuration 1, find the smart-card
 * interface by its class descriptor, refuse exchange levels we do not speak yet, claim it. Every browser
 * failure is typed by the step that failed (errors.ts).
 */
import { NotSupportedError } from '../errors/common-errors';
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
  if (level === 'tpdu' || level === 'character') {
    // T=1 block framing comes in a later issue (issue 2 §3); say which device and why, up front.
    throw new NotSupportedError(`CCID ${level} exchange level`, `${deviceName} exchanges at CCID ${level} level, which is not supported yet`);
  }
  await step('claim', () => device.claimInterface(ccid.interfaceNumber));
  if (ccid.alternateSetting !== 0) {
    await step('claim', () => device.selectAlternateInterface(ccid.interfaceNumber, ccid.alternateSetting));
  }
  return ccid;
}
