/**
 * CanoKey keys the browser has granted, opened through their vendor-class web interface (issue 18 §1): the
 * first real key an ordinary Chrome/Edge page can use, since its CCID (0x0B) and FIDO HID interfaces are
 * protected classes. Ids are VID:PID:serial like the WebUSB CCID source's, so one key keeps its records.
 */
import type { TokenTransportKind } from '../../cards/seam';
import type { UsbLike } from '../../usb-driver';
import type { DeviceSource, SourceDevice } from '../device-source';
import { describeUsbDevice, usbTokenId } from '../webusb-ccid-source';
import { isCanoKeyWebDevice } from './canokey-device';
import { CanoKeyTransport, type CanoKeyTransportOptions } from './canokey-transport';

export class CanoKeySource implements DeviceSource {
  readonly kind: TokenTransportKind = 'webusb-canokey';

  /** `link` tunes polling and keepalive (tests); the worker uses the defaults. */
  constructor(
    private readonly usb: UsbLike,
    private readonly link: Pick<CanoKeyTransportOptions, 'timeoutMs' | 'maxPollMs' | 'keepaliveMs'> = {},
  ) {}

  async list(): Promise<SourceDevice[]> {
    const seen = new Map<string, number>();
    return (await this.usb.getDevices()).filter(isCanoKeyWebDevice).map((device) => {
      const base = usbTokenId(device);
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      const id = count === 0 ? base : `${base}#${count + 1}`;
      return {
        paired: describeUsbDevice(device, id, this.kind, false),
        openTransport: (options) =>
          CanoKeyTransport.open(device, {
            ...this.link,
            usb: this.usb,
            redaction: options.redaction,
            ...(options.capture ? { capture: options.capture } : {}),
          }),
      };
    });
  }
}
