/**
 * Every guide the app carries. Errors point at one of these; the guides module holds the texts (zh-CN, en).
 * Adding an id here without a text fails the guides test. The ids live beside the errors (not in guides/) so
 * that layers below the UI, such as pki, can name a guide without importing guide texts (issue 7 §5).
 */
export const GUIDE_IDS = [
  // Problems from the CA tools' FAQs (DESIGN.md §2)
  'token-not-recognised',
  'no-certificate',
  'clock-wrong',
  'signature-error-e1000',
  'proxy-exceptions',
  'pin-locked',
  'default-pins',
  'pin-policy',
  'wrong-pin',
  'renewal-rules',
  'unlock',
  'lost-or-damaged-token',
  'one-token-per-department',
  'no-user-linked',
  // Browser-era problems (DESIGN.md §3)
  'protected-interface',
  'windows-driver-winusb',
  'linux-udev',
  'browser-versions',
  'webusb-missing',
  'no-device-chosen',
  'device-busy',
  'device-disconnected',
  'card-absent',
  'token-unsupported',
  'card-error',
  // Certificates (issue 3)
  'certificate-untrusted',
  'certificate-unreadable',
  'revocation-unknown',
  // Keys the browser cannot open, recorded by their certificate (issue 16 §1)
  'export-certificate',
  // App and storage
  'storage-problem',
  'app-update',
] as const;

export type GuideId = (typeof GUIDE_IDS)[number];
