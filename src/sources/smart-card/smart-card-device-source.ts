/**
 * The Web Smart Card API as one of the worker's device sources (src/sources/device-source.ts): every
 * PC/SC reader holding a card that answers is a token, identified by its reader name (PC/SC exposes no USB
 * IDs). Needs a realm with `navigator.smartCard` — Chrome shipped it for the window of an Isolated Web App.
 */
import type { DeviceSource, SourceDevice } from '../device-source';
import type { PairedToken } from '../../cards/seam';
import { KNOWN_TOKENS, type KnownToken } from '../../usb-driver';
import { SmartCardSource, type ReaderSnapshot } from './smart-card-source';
import type { SmartCardTransportOptions } from './smart-card-transport';
import type { SmartCardResourceManager } from './web-smart-card-types';

/**
 * libccid names a reader after the USB manufacturer and product strings ("Watchdata W5181 00 00"), so the
 * vendor's name and a known model both in the name are a fair hint for what to show the user; nothing else
 * depends on it. Both are required: "USB Key" alone is the model name of several vendors.
 */
export function knownTokenForReader(readerName: string): KnownToken | null {
  const name = readerName.toLowerCase();
  const candidates = KNOWN_TOKENS.filter((t) => {
    const vendorWord = t.vendor.split(' ')[0]!.toLowerCase();
    return t.interfaceKind !== 'virtual' && name.includes(vendorWord) && name.includes(t.model.toLowerCase());
  });
  return candidates.sort((a, b) => b.model.length - a.model.length)[0] ?? null;
}

export const SMART_CARD_ID_PREFIX = 'pcsc:';

export function pairedForReader(reader: ReaderSnapshot): PairedToken {
  const known = knownTokenForReader(reader.readerName);
  return {
    id: `${SMART_CARD_ID_PREFIX}${reader.readerName}`,
    vendorId: known?.vendorId ?? 0,
    productId: known?.productId ?? 0,
    productName: reader.readerName,
    usbSerialNumber: null,
    transport: 'smart-card',
    vendor: known?.vendor ?? null,
    model: known?.model ?? null,
    isDemo: false,
  };
}

export class WebSmartCardDeviceSource implements DeviceSource {
  readonly kind = 'smart-card' as const;

  constructor(
    private readonly source: SmartCardSource,
    private readonly transportOptions: SmartCardTransportOptions = {},
  ) {}

  static async open(manager?: SmartCardResourceManager, transportOptions: SmartCardTransportOptions = {}): Promise<WebSmartCardDeviceSource> {
    return new WebSmartCardDeviceSource(await SmartCardSource.open(manager), transportOptions);
  }

  async list(): Promise<SourceDevice[]> {
    const readers = await this.source.snapshot();
    // PC/SC frames APDUs itself and shows no USB frames: the redaction and capture options have nothing to do here.
    return readers
      .filter((r) => r.present && !r.mute)
      .map((reader) => ({
        paired: pairedForReader(reader),
        openTransport: () => this.source.openTransport(reader.readerName, this.transportOptions),
      }));
  }
}
