/**
 * HID usage pages that matter for reach (USB HID Usage Tables 1.4 §3), and what Chrome does with them. From
 * Chromium services/device/public/cpp/hid/hid_report_utils.cc IsAlwaysProtected(): the whole Keyboard/Keypad
 * page 0x07, Generic Desktop pointer/mouse/keyboard/keypad (input and output reports; feature reports stay
 * open) and the system-control (0x80–0x8F) and dock (0xA0–0xB6) usages. Separately, WebHID's blocklist keeps
 * the FIDO page 0xF1D0 from pages. None of those can carry our traffic.
 */
export const HID_USAGE_PAGE = {
  GenericDesktop: 0x01,
  KeyboardKeypad: 0x07,
  Consumer: 0x0c,
  /** FIDO Alliance page (CTAP HID): blocked by Chrome's WebHID for pages. */
  Fido: 0xf1d0,
  VendorDefinedFirst: 0xff00,
  VendorDefinedLast: 0xffff,
} as const;

/** Generic Desktop usages (HID Usage Tables §4) whose input/output reports Chrome protects. */
const PROTECTED_DESKTOP_USAGES: ReadonlySet<number> = new Set([0x01 /* pointer */, 0x02 /* mouse */, 0x06 /* keyboard */, 0x07 /* keypad */]);
const SYSTEM_CONTROL = { first: 0x80, last: 0x8f } as const;
const SYSTEM_DOCK = { first: 0xa0, last: 0xb6 } as const;

export type UsageCategory = 'vendor-defined' | 'fido-blocked' | 'keyboard-mouse-blocked' | 'generic-desktop' | 'consumer' | 'other';

const within = (value: number, range: { readonly first: number; readonly last: number }): boolean => value >= range.first && value <= range.last;

export function usageCategory(usagePage: number, usage: number): UsageCategory {
  if (usagePage >= HID_USAGE_PAGE.VendorDefinedFirst && usagePage <= HID_USAGE_PAGE.VendorDefinedLast) return 'vendor-defined';
  if (usagePage === HID_USAGE_PAGE.Fido) return 'fido-blocked';
  if (usagePage === HID_USAGE_PAGE.KeyboardKeypad) return 'keyboard-mouse-blocked';
  if (usagePage === HID_USAGE_PAGE.GenericDesktop) {
    const blocked = PROTECTED_DESKTOP_USAGES.has(usage) || within(usage, SYSTEM_CONTROL) || within(usage, SYSTEM_DOCK);
    return blocked ? 'keyboard-mouse-blocked' : 'generic-desktop';
  }
  if (usagePage === HID_USAGE_PAGE.Consumer) return 'consumer';
  return 'other';
}
