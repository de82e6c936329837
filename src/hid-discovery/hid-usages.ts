/**
 * HID usage pages that matter for reach (USB HID Usage Tables 1.4 §3), and what Chrome does with them:
 * WebHID hides collections of the FIDO page and of keyboards/mice from pages (Chromium hid_blocklist and
 * "protected" top-level collections), so those can never carry our traffic.
 */
export const HID_USAGE_PAGE = {
  GenericDesktop: 0x01,
  Consumer: 0x0c,
  /** FIDO Alliance page (CTAP HID): blocked by Chrome's WebHID for pages. */
  Fido: 0xf1d0,
  VendorDefinedFirst: 0xff00,
  VendorDefinedLast: 0xffff,
} as const;

/** Generic Desktop usages (HID Usage Tables §4) of the collections Chrome protects. */
const PROTECTED_DESKTOP_USAGES: ReadonlySet<number> = new Set([0x02 /* mouse */, 0x06 /* keyboard */, 0x07 /* keypad */]);

export type UsageCategory = 'vendor-defined' | 'fido-blocked' | 'keyboard-mouse-blocked' | 'generic-desktop' | 'consumer' | 'other';

export function usageCategory(usagePage: number, usage: number): UsageCategory {
  if (usagePage >= HID_USAGE_PAGE.VendorDefinedFirst && usagePage <= HID_USAGE_PAGE.VendorDefinedLast) return 'vendor-defined';
  if (usagePage === HID_USAGE_PAGE.Fido) return 'fido-blocked';
  if (usagePage === HID_USAGE_PAGE.GenericDesktop) return PROTECTED_DESKTOP_USAGES.has(usage) ? 'keyboard-mouse-blocked' : 'generic-desktop';
  if (usagePage === HID_USAGE_PAGE.Consumer) return 'consumer';
  return 'other';
}
