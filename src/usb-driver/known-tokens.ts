/**
 * Tokens we know by VID:PID (DESIGN.md §3, from libccid's supported-reader list and vendor data), so the app can
 * tell the user, per device, what applies and what to do.
 */
import type { GuideId } from '../guides/guide-ids';
import { USB_CLASS } from './ccid-constants';
import type { ExchangeLevel } from './ccid-descriptor';

/** How the token presents its card: a CCID interface (protected 0x0B or vendor 0xFF), HID, or not reachable. */
export type TokenInterfaceKind = 'ccid' | 'ccid-vendor-class' | 'hid' | 'blocklisted' | 'virtual';

export interface KnownToken {
  readonly vendorId: number;
  /** null matches every product of the vendor (used for blocklisted vendors). */
  readonly productId: number | null;
  readonly vendor: string;
  readonly model: string;
  readonly interfaceKind: TokenInterfaceKind;
  readonly exchangeLevel: ExchangeLevel | null;
  /** The guide to show when this token cannot be used as it is. */
  readonly guideId: GuideId | null;
  readonly notes: string;
}

/** The virtual token uses the pid.codes open-source test VID:PID (1209:0001), never a real product's. */
export const VIRTUAL_TOKEN_IDS = { vendorId: 0x1209, productId: 0x0001 } as const;

export const KNOWN_TOKENS: readonly KnownToken[] = [
  {
    vendorId: 0x096e, productId: 0x0807, vendor: 'Feitian', model: 'ePass2003', interfaceKind: 'ccid',
    exchangeLevel: 'extended-apdu', guideId: 'protected-interface',
    notes: 'CCID class 0x0B, short and extended APDU; protected class in ordinary pages',
  },
  {
    vendorId: 0x096e, productId: 0x080a, vendor: 'Feitian', model: 'ePass2003', interfaceKind: 'ccid',
    exchangeLevel: 'extended-apdu', guideId: 'protected-interface',
    notes: 'CCID class 0x0B, short and extended APDU; protected class in ordinary pages',
  },
  {
    vendorId: 0x163c, productId: 0x0407, vendor: 'Watchdata', model: 'W5181 / USB Key', interfaceKind: 'ccid',
    exchangeLevel: 'tpdu', guideId: 'token-unsupported', notes: 'TPDU level, T=1: not yet supported',
  },
  {
    vendorId: 0x163c, productId: 0x0417, vendor: 'Watchdata', model: 'USB Key', interfaceKind: 'ccid',
    exchangeLevel: 'tpdu', guideId: 'token-unsupported', notes: 'TPDU level, T=1: not yet supported',
  },
  {
    vendorId: 0x1677, productId: 0x0025, vendor: 'HDZB (China Huada)', model: 'USB Key', interfaceKind: 'ccid',
    exchangeLevel: 'tpdu', guideId: 'token-unsupported', notes: 'TPDU level, T=1: not yet supported',
  },
  {
    vendorId: 0x1ea8, productId: 0x8013, vendor: 'Excelsecu', model: 'USB Key', interfaceKind: 'ccid',
    exchangeLevel: 'extended-apdu', guideId: 'protected-interface', notes: 'CCID, extended APDU level',
  },
  {
    vendorId: 0x1050, productId: null, vendor: 'Yubico', model: 'YubiKey', interfaceKind: 'blocklisted',
    exchangeLevel: null, guideId: 'token-unsupported',
    notes: "On the browser's WebUSB device blocklist: it never appears in the device chooser",
  },
  {
    vendorId: VIRTUAL_TOKEN_IDS.vendorId, productId: VIRTUAL_TOKEN_IDS.productId, vendor: 'UKey Assistant',
    model: 'Virtual PIV token', interfaceKind: 'virtual', exchangeLevel: 'extended-apdu', guideId: null,
    notes: 'Emulated token for the demo and tests',
  },
];

/** The exact VID:PID entry first, then a vendor-wide one; null for an unknown device. */
export function findKnownToken(vendorId: number, productId: number): KnownToken | null {
  return (
    KNOWN_TOKENS.find((t) => t.vendorId === vendorId && t.productId === productId) ??
    KNOWN_TOKENS.find((t) => t.vendorId === vendorId && t.productId === null) ??
    null
  );
}

/**
 * Filters for the pairing button: every known token that a browser can show, plus any smart-card-class device.
 * Blocklisted vendors are left out: the chooser would never list them anyway.
 */
export function requestDeviceFilters(): USBDeviceFilter[] {
  const filters: USBDeviceFilter[] = KNOWN_TOKENS.filter((t) => t.interfaceKind !== 'blocklisted').map((t) =>
    t.productId === null ? { vendorId: t.vendorId } : { vendorId: t.vendorId, productId: t.productId },
  );
  filters.push({ classCode: USB_CLASS.SmartCard });
  return filters;
}
