/**
 * Filters for `navigator.hid.requestDevice` (issue 11 §2), derived from the known-token table: the vendors
 * whose keys have, or may have, a HID interface. Yubico is left out (its HID interfaces are FIDO and keyboard,
 * both blocked), and so is our virtual token. The FIDO usage page is excluded explicitly: Chrome blocks it
 * anyway, and listing a security key would only confuse the user.
 */
import { KNOWN_TOKENS, type KnownToken } from '../../usb-driver';
import { HID_USAGE_PAGE } from './hid-usages';

/**
 * Vendors whose HID path is documented outside the table's interface facts: HengBao's middleware enumerates
 * HID devices with VendorID 0x14D6 and talks through feature reports (research/reach.md §2).
 */
const HID_VENDORS_FROM_MIDDLEWARE: readonly number[] = [0x14d6];

function mayHaveHid(token: KnownToken): boolean {
  return token.interfaces.includes('hid') || token.interfaceKind === 'hid' || token.interfaceKind === 'unknown';
}

export function hidVendorIds(): number[] {
  const ids = new Set<number>(KNOWN_TOKENS.filter(mayHaveHid).map((t) => t.vendorId));
  for (const id of HID_VENDORS_FROM_MIDDLEWARE) ids.add(id);
  return [...ids].sort((a, b) => a - b);
}

export interface HidRequestOptions {
  readonly filters: HIDDeviceFilter[];
  /** WebHID `exclusionFilters` (Chrome 114+): devices matching any of these are not offered. */
  readonly exclusionFilters: HIDDeviceFilter[];
}

export function hidRequestOptions(): HidRequestOptions {
  return {
    filters: hidVendorIds().map((vendorId) => ({ vendorId })),
    exclusionFilters: [{ usagePage: HID_USAGE_PAGE.Fido }],
  };
}
