/**
 * The browser contexts a user may be in (issue 11 §1): an ordinary page on each desktop OS, the installed PWA,
 * and the Isolated Web App on ChromeOS — the only context with the Web Smart Card API and `usb-unrestricted`.
 */
export const REACH_CONTEXTS = ['page-windows', 'page-macos', 'page-linux', 'installed-pwa', 'chromeos-iwa'] as const;
export type ReachContext = (typeof REACH_CONTEXTS)[number];

export interface LocalText {
  readonly 'zh-CN': string;
  readonly en: string;
}

export const CONTEXT_LABELS: Readonly<Record<ReachContext, LocalText>> = {
  'page-windows': { 'zh-CN': 'Windows 上的普通网页', en: 'Ordinary page on Windows' },
  'page-macos': { 'zh-CN': 'macOS 上的普通网页', en: 'Ordinary page on macOS' },
  'page-linux': { 'zh-CN': 'Linux 上的普通网页', en: 'Ordinary page on Linux' },
  'installed-pwa': { 'zh-CN': '已安装的应用（PWA）', en: 'Installed PWA' },
  'chromeos-iwa': { 'zh-CN': 'ChromeOS 上的隔离网页应用', en: 'ChromeOS Isolated Web App' },
};

/**
 * Browser rules the verdicts stand on, cited per verdict so the closing note can name them.
 * (Checked 2026-11; DESIGN.md §3, research/reach.md §0, §3, §6.)
 */
export const BROWSER_RULES = {
  protectedClasses:
    'WebUSB: claimInterface() rejects protected classes (Smart Card 0x0B, HID 0x03, Mass Storage 0x08) with SecurityError',
  winusb: 'Windows: WebUSB opens only interfaces bound to WinUSB (developer.chrome.com "build-for-webusb")',
  usbBlocklist: "Chromium's WebUSB device blocklist (usb_blocklist.cc; YubiKeys since crbug.com/818807)",
  fidoBlocked: 'WebHID blocks the FIDO usage page 0xF1D0 (and keyboard/mouse collections)',
  webHid: 'WebHID (navigator.hid) reaches vendor HID collections in pages and workers (Chrome ≥ 131 in workers)',
  smartCardApi: 'Web Smart Card API (WICG): PC/SC through the OS, Isolated Web Apps on ChromeOS from M143',
  usbUnrestricted: 'WICG unrestricted-usb explainer: IWAs with "usb-unrestricted" may claim protected classes',
  installedPwa: 'Installing a PWA grants no device permission beyond the page: same rules as the page',
  scsi: 'No web API sends vendor SCSI commands to a mass-storage device',
  vendorClass: 'WebUSB: vendor class 0xFF is not protected (Chromium web_usb_service_impl.cc GetProtectedInterfaceClasses)',
  msOs20Winusb:
    'Windows 8.1+: MS OS 2.0 descriptors whose function subset names WINUSB bind WinUSB to that interface alone (Microsoft "Microsoft OS 2.0 Descriptors"; Chromium usb_service_win.cc reads DeviceInterfaceGUIDs)',
  linuxUaccess:
    'Linux: systemd 60-ccid.rules tags a device with a 0x0B interface ID_SMARTCARD_READER and 70-uaccess.rules gives the seated user access (2021, commit dbdcd51f); older systems or vendor-only devices need a udev rule',
} as const;
export type BrowserRule = keyof typeof BROWSER_RULES;
