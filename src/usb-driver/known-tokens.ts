/**
 * Tokens we know by VID:PID (DESIGN.md §3, research/reach.md §1), so the app can tell the user, per device,
 * what applies and what to do. Every fact names its source; "unknown" where no source says (issue 11 §1).
 * The verdict per browser context is derived from these facts in src/ui/reach/. libccid facts (VID:PID, class,
 * exchange level, dwProtocols) re-checked against LudovicRousseau/CCID 5de6a96 (2026-06-27) readers/*.txt.
 */
import type { GuideId } from '../shared/errors';
import { USB_CLASS } from './ccid-constants';
import type { ExchangeLevel } from './ccid-descriptor';

/**
 * How the token presents its card to the host:
 * - 'ccid': Smart Card class 0x0B (protected in ordinary pages); 'ccid-vendor-class': class 0xFF with the CCID
 *   descriptor (not protected); 'hid': a vendor HID collection; 'mass-storage': a CD-ROM (class 0x08) that
 *   tunnels APDUs in vendor SCSI commands; 'composite': several of these (see `interfaces`);
 * - 'blocklisted': on the browser's WebUSB device blocklist; 'virtual': our emulator; 'unknown': no source says.
 */
export type TokenInterfaceKind =
  | 'ccid'
  | 'ccid-vendor-class'
  | 'hid'
  | 'mass-storage'
  | 'composite'
  | 'blocklisted'
  | 'virtual'
  | 'unknown';

/**
 * One USB interface of a token, as the OS sees it. 'webusb-apdu': a vendor-class (0xFF) interface that carries
 * APDUs without the CCID descriptor (CanoKey's EP0 protocol, src/sources/canokey; docs/web-ready-ukey.md).
 */
export type TokenInterfaceRole = 'ccid' | 'ccid-vendor-class' | 'hid' | 'mass-storage' | 'fido-hid' | 'webusb-apdu';

/** ISO/IEC 7816-3 transmission protocols the reader offers (CCID §5.1 dwProtocols). */
export type CardProtocol = 't0' | 't1';

/** The command set the card speaks: PIV (SP 800-73-4, what we implement) or a vendor/GM-T set we do not. */
export type CardCommandSet = 'piv' | 'vendor' | 'unknown';

/**
 * The command sets a registered card profile speaks, by profile id (src/worker/card-profiles.ts; a unit test
 * keeps the two in step). Data, so the window's reach map asks "do we speak it" without the profiles' code.
 */
export const SPOKEN_COMMAND_SETS: readonly CardCommandSet[] = ['piv'];

export const isSpokenCommandSet = (commandSet: CardCommandSet): boolean => SPOKEN_COMMAND_SETS.includes(commandSet);

/** Where each fact of an entry comes from (a file in a public source, a browser rule, a vendor document). */
export interface TokenSources {
  readonly identity: string;
  readonly interface: string;
  readonly exchange: string;
}

export interface KnownToken {
  readonly vendorId: number;
  /** null matches every product of the vendor (used for blocklisted vendors). */
  readonly productId: number | null;
  /** Family id used by the reach map (src/ui/reach/families.ts). */
  readonly family: string;
  readonly vendor: string;
  readonly model: string;
  readonly interfaceKind: TokenInterfaceKind;
  /** The interfaces, for a composite token one per role; empty when unknown. */
  readonly interfaces: readonly TokenInterfaceRole[];
  /** CCID exchange level (CCID §5.1 dwFeatures); null when not a CCID device or not known. */
  readonly exchangeLevel: ExchangeLevel | null;
  /** Protocols offered; null when not known. */
  readonly protocols: readonly CardProtocol[] | null;
  readonly commandSet: CardCommandSet;
  /** The guide to show when this token cannot be used as it is. */
  readonly guideId: GuideId | null;
  readonly notes: string;
  readonly sources: TokenSources;
}

/** The virtual token uses the pid.codes open-source test VID:PID (1209:0001), never a real product's. */
export const VIRTUAL_TOKEN_IDS = { vendorId: 0x1209, productId: 0x0001 } as const;

const LIBCCID = 'libccid (LudovicRousseau/CCID) readers/';
const PIKACHU = 'PIKACHUIM/USBKeyDriver ';
const NO_SOURCE = 'unknown: no source found';

type Shape = Pick<KnownToken, 'interfaceKind' | 'interfaces' | 'exchangeLevel' | 'protocols' | 'commandSet' | 'guideId'>;

/** CCID class 0x0B: protected in ordinary pages (WebUSB, Chromium's protected interface classes). */
const ccid = (level: ExchangeLevel, protocols: readonly CardProtocol[]): Shape => ({
  interfaceKind: 'ccid', interfaces: ['ccid'], exchangeLevel: level, protocols, commandSet: 'vendor', guideId: 'protected-interface',
});
const MASS_STORAGE: Shape = {
  interfaceKind: 'mass-storage', interfaces: ['mass-storage'], exchangeLevel: null, protocols: null, commandSet: 'vendor',
  guideId: 'token-unsupported',
};
const UNKNOWN_SHAPE: Shape = {
  interfaceKind: 'unknown', interfaces: [], exchangeLevel: null, protocols: null, commandSet: 'unknown', guideId: 'token-unsupported',
};

function token(
  vendorId: number, productId: number | null, family: string, vendor: string, model: string, shape: Shape, notes: string,
  sources: TokenSources,
): KnownToken {
  return { vendorId, productId, family, vendor, model, ...shape, notes, sources };
}

const epass2003: TokenSources = {
  identity: `${LIBCCID}Feitian_ePass2003_PKI.txt, FT_ePass2003Auto.txt`,
  interface: `${LIBCCID}Feitian_ePass2003_PKI.txt (bInterfaceClass 0x0B)`,
  exchange: `${LIBCCID}Feitian_ePass2003_PKI.txt (short+extended APDU, T=1, max message 2100)`,
};
const ft3000gm: TokenSources = {
  identity: 'FeitianSmartcardReader/R502_SDK_Latest#4, OpenSC/OpenSC#3517, NETCA installer scripts',
  interface: 'unknown: Windows shows a Microsoft driver and ROCKEY/R6SMC child (guess: CCID 0x0B, not verified)',
  exchange: NO_SOURCE,
};
const watchdata: TokenSources = {
  identity: `${LIBCCID}Watchdata_USB_Key.txt, Watchdata_USB_Key2.txt, Watchdata_USB_Key3.txt, WatchCNPC_USB_CCID_Key.txt`,
  interface: `${LIBCCID}Watchdata_USB_Key*.txt (bInterfaceClass 0x0B)`,
  exchange: `${LIBCCID}Watchdata_USB_Key*.txt (TPDU level, dwProtocols T=0 only, max message 271)`,
};
const w5181: TokenSources = {
  identity: `${LIBCCID}Watchdata_W5181.txt`,
  interface: `${LIBCCID}Watchdata_W5181.txt (bInterfaceClass 0x0B)`,
  exchange: `${LIBCCID}Watchdata_W5181.txt (short APDU level, T=0/T=1)`,
};
const hdzb: TokenSources = {
  identity: `${LIBCCID}BZH_uKeyCI800-K1.txt`,
  interface: `${LIBCCID}BZH_uKeyCI800-K1.txt (bInterfaceClass 0x0B)`,
  exchange: `${LIBCCID}BZH_uKeyCI800-K1.txt (TPDU level, T=0 and T=1, IFSD 254)`,
};
const gm3000: TokenSources = {
  identity: `${PIKACHU}Longmai-GM3000-逆向分析报告.md`,
  interface: `${PIKACHU}Longmai-GM3000-逆向分析报告.md (USBSTOR CDROM VEN_LONGMAI)`,
  exchange: 'vendor SCSI pass-through (same report); not an ISO 7816 link a browser can carry',
};
const gm3000c: TokenSources = {
  identity: 'dmesg/lsusb -t capture of 055C:F603; Longmai middleware device filter string',
  interface: 'same capture: If0 HID (hid-generic) + If1 Chip/SmartCard',
  exchange: NO_SOURCE,
};
const excelsecu: TokenSources = {
  identity: `${LIBCCID}Excelsecu_Card_reader.txt`,
  interface: `${LIBCCID}Excelsecu_Card_reader.txt (bInterfaceClass 0x0B)`,
  exchange: `${LIBCCID}Excelsecu_Card_reader.txt (short+extended APDU, T=0/T=1, max message 4108)`,
};
const haitai: TokenSources = {
  identity: 'NETCA installer scripts (another source writes 5488:0004: one of the two is a typo)',
  interface: 'unknown: vendor kernel drivers HKeyUsb.sys/HKeyIFD.sys (guess: vendor class)',
  exchange: NO_SOURCE,
};
const hengbao: TokenSources = {
  identity: `${PIKACHU}Roadmap/07-HengBao-U宝逆向分析.md`,
  interface: 'same report: Class_08&SubClass_06&Prot_50 (CD-ROM "CMBC_UBAO"); middleware also has a HID path',
  exchange: 'same report: vendor SCSI CDB FA 3A/FA 08 with a proprietary secure channel',
};
const linguo: TokenSources = {
  identity: `${PIKACHU}Roadmap/docs/Linguo-逆向分析报告.md`,
  interface: 'same report: mass storage CD-ROM, INQUIRY "LGUSB   ZJK"',
  exchange: 'same report: SCSI CDB 0xE2 carries APDUs (static analysis, not verified on a device)',
};
const yubico: TokenSources = {
  identity: 'Chromium WebUSB device blocklist usb_blocklist.cc (crbug.com/818807): 1050:0010–0410, every YubiKey PID',
  interface: `${LIBCCID}Yubico_Yubikey_4_*.txt, Yubico_Yubikey_NEO_*.txt (CCID 0x0B) + FIDO HID (usage page 0xF1D0, blocked by WebHID)`,
  exchange: `${LIBCCID}Yubico_Yubikey_4_OTP+U2F+CCID.txt (short+extended APDU, T=1)`,
};
const canokey: TokenSources = {
  identity: 'canokey-core interfaces/USB/device/usbd_desc.c (USBD_VID/USBD_PID); libccid supported_readers.txt lists 0x20A0:0x42D4 (research/web-ready-token.md §3)',
  interface: 'canokey-core usbd_desc.c: FIDO HID 0x03 + vendor 0xFF/FF/FF "WebUSB" interface with no endpoints + CCID 0x0B; BOS with WebUSB and MS OS 2.0 (WINUSB on the WebUSB function)',
  exchange: 'canokey-core interfaces/USB/class/webusb/webusb.c: APDUs on EP0 vendor requests 0x00/0x02/0x01, 1340-byte buffer; CCID T=1, extended APDU',
};

export const KNOWN_TOKENS: readonly KnownToken[] = [
  token(0x096e, 0x0807, 'feitian-epass2003', 'Feitian', 'ePass2003', ccid('extended-apdu', ['t1']),
    'CCID class 0x0B, short and extended APDU; FTCOS with secure messaging (not PIV)', epass2003),
  token(0x096e, 0x080a, 'feitian-epass2003', 'Feitian', 'ePass2003 Auto', ccid('extended-apdu', ['t1']),
    'CCID class 0x0B, short and extended APDU; FTCOS with secure messaging (not PIV)', epass2003),
  ...[0x0303, 0x0309, 0x0312, 0x0319, 0x031e].map((pid) =>
    token(0x096e, pid, 'feitian-3000gm', 'Feitian', 'USB Token 3000GM', UNKNOWN_SHAPE,
      'Interface not published; likely CCID 0x0B with Feitian-private APDUs (unverified)', ft3000gm)),
  ...[0x0407, 0x0417, 0x0418, 0x0406].map((pid) =>
    token(0x163c, pid, 'watchdata-usb-key', 'Watchdata', pid === 0x0406 ? 'WatchCNPC USB Key' : 'USB Key',
      ccid('tpdu', ['t0']),
      'CCID class 0x0B, TPDU level, T=0 only: our T=0 engine speaks it wherever the interface can be claimed (IWA with usb-unrestricted, or PC/SC there)',
      watchdata)),
  token(0x163c, 0x0a03, 'watchdata-w5181', 'Watchdata', 'W5181', ccid('short-apdu', ['t0', 't1']),
    'CCID class 0x0B, short APDU level', w5181),
  token(0x1677, 0x0025, 'hdzb-ukey', 'HDZB (China Huada)', 'uKeyCI800-K18', ccid('tpdu', ['t0', 't1']),
    'CCID class 0x0B, TPDU level, T=0 and T=1: our T=1 engine (PPS, SetParameters, IFSD) speaks it wherever the interface can be claimed', hdzb),
  token(0x055c, 0xdb08, 'longmai-gm3000', 'Longmai', 'mToken GM3000', MASS_STORAGE,
    'A "CD drive" key: APDUs go in vendor SCSI commands no web API can send', gm3000),
  token(0x055c, 0xf603, 'longmai-gm3000c', 'Longmai', 'mToken GM3000C',
    { ...UNKNOWN_SHAPE, interfaceKind: 'composite', interfaces: ['hid', 'ccid'], commandSet: 'vendor' },
    'Composite: a HID interface and a CCID 0x0B interface; HID framing not published', gm3000c),
  token(0x1ea8, 0x8013, 'excelsecu', 'Excelsecu', 'USB Key', ccid('extended-apdu', ['t0', 't1']),
    'CCID class 0x0B, short and extended APDU', excelsecu),
  ...[0x0001, 0x0003, 0x0004, 0x0103].map((pid) =>
    token(0x5448, pid, 'haitai', 'HaiTai', pid === 0x0103 ? 'USB Key (SM2)' : 'USB Key', UNKNOWN_SHAPE,
      'Vendor kernel drivers; interface class not published', haitai)),
  ...([[0x1677, 0x0107], [0x14d6, 0x3032]] as const).map(([vid, pid]) =>
    token(vid, pid, 'hengbao', 'HengBao', 'UranuSafe', MASS_STORAGE,
      'A "CD drive" key with a proprietary secure channel; no web API can send its SCSI commands', hengbao)),
  token(0x6588, 0x1514, 'linguo', 'Linguo', 'LG3073', MASS_STORAGE,
    'A "CD drive" key: APDUs go in vendor SCSI commands no web API can send', linguo),
  token(0x1050, null, 'yubikey', 'Yubico', 'YubiKey',
    { interfaceKind: 'blocklisted', interfaces: ['ccid', 'fido-hid'], exchangeLevel: 'extended-apdu', protocols: ['t1'],
      commandSet: 'piv', guideId: 'token-unsupported' },
    "On the browser's WebUSB device blocklist: it never appears in the device chooser", yubico),
  token(0x20a0, 0x42d4, 'canokey', 'canokeys.org', 'CanoKey',
    { interfaceKind: 'composite', interfaces: ['fido-hid', 'webusb-apdu', 'ccid'], exchangeLevel: 'extended-apdu', protocols: ['t1'],
      commandSet: 'piv', guideId: null },
    'Open-hardware key: its vendor-class web interface carries APDUs to the same applets as its CCID interface (PIV, SM2 under id 0x54); Windows binds WinUSB to that interface by its MS OS 2.0 descriptors',
    canokey),
  token(VIRTUAL_TOKEN_IDS.vendorId, VIRTUAL_TOKEN_IDS.productId, 'virtual', 'UKey Assistant', 'Virtual PIV token',
    { interfaceKind: 'virtual', interfaces: ['ccid-vendor-class'], exchangeLevel: 'extended-apdu', protocols: ['t1'],
      commandSet: 'piv', guideId: null },
    'Emulated token for the demo and tests',
    { identity: 'pid.codes test VID:PID 1209:0001', interface: 'src/virtual/virtual-token', exchange: 'src/virtual/virtual-token' }),
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
 * Blocklisted vendors are left out: the chooser would never list them anyway. Mass-storage and unknown keys stay
 * in, so the user can pick theirs and be told plainly what applies.
 */
export function requestDeviceFilters(): USBDeviceFilter[] {
  const filters: USBDeviceFilter[] = KNOWN_TOKENS.filter((t) => t.interfaceKind !== 'blocklisted').map((t) =>
    t.productId === null ? { vendorId: t.vendorId } : { vendorId: t.vendorId, productId: t.productId },
  );
  filters.push({ classCode: USB_CLASS.SmartCard });
  return filters;
}
