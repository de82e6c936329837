/**
 * Per-CA data rows (issue 3 §2), from the CA tools' manuals in ../shared/seeds (facts only, our own words).
 * Order matters: more specific rows (a CA's project-specific issuing CA) come before the CA's general row.
 */
import type { CaProfile, IdentifierRule } from './types';

/** Identifier rules most Chinese CAs share: an 18-char USCI or a 9-char organisation code in these fields. */
export const COMMON_IDENTIFIERS: readonly IdentifierRule[] = [
  { kind: 'usci', field: 'organizationIdentifier', pattern: '([0-9A-HJ-NPQRTUWXY]{18})' },
  { kind: 'usci', field: 'serialNumber', pattern: '([0-9A-HJ-NPQRTUWXY]{18})' },
  { kind: 'usci', field: 'OU', pattern: '([0-9A-HJ-NPQRTUWXY]{18})' },
  { kind: 'usci', field: 'CN', pattern: '(?:^|[^0-9A-Z])([0-9A-HJ-NPQRTUWXY]{18})(?:[^0-9A-Z]|$)' },
  { kind: 'orgCode', field: 'serialNumber', pattern: '^(?:[A-Za-z]+[:@-]?)?([0-9A-Z]{8}-?[0-9X])$' },
  { kind: 'orgCode', field: 'OU', pattern: '^([0-9A-Z]{8}-?[0-9X])$' },
];

export const CA_PROFILES: readonly CaProfile[] = [
  {
    // 12309 procuratorate platform keys (issued through BJCA): seed 003.
    id: '12309',
    name: { zh: '12309 中国检察网 Ukey', en: '12309 procuratorate platform key' },
    issuerMatch: [
      { field: 'CN', contains: ['12309', '检察'] },
      { field: 'O', contains: ['12309', '检察'] },
    ],
    pinPolicy: { minLength: 6, maxLength: 8, charset: 'letters-digits' },
    defaultPins: [{ kind: 'fixed', pin: '111111' }],
    // Not renewable once expired for more than 30 days; a renewal takes about 15 minutes to be accepted.
    renewal: { windowDays: 30, graceDaysAfterExpiry: 30, effectiveAfterMinutes: 15 },
    // The six-digit institution code ("组织机构代码" in this system), not a GB 11714 code.
    identifiers: [{ kind: 'orgCode', field: 'OU', pattern: '^(\\d{6})$' }, ...COMMON_IDENTIFIERS],
    hotlines: [],
  },
  {
    // BJCA certificate assistant, housing-fund statistics system: seed 002.
    id: 'bjca',
    name: { zh: '北京数字认证（BJCA）', en: 'Beijing Certificate Authority (BJCA)' },
    issuerMatch: [
      { field: 'O', contains: ['BJCA', 'Beijing Certificate Authority', '北京数字认证'] },
      { field: 'CN', contains: ['BJCA', 'Beijing Certificate Authority', '北京数字认证'] },
    ],
    // 10 wrong PINs lock the key; the unlock flow asks for letters + digits, at least 6.
    pinPolicy: { minLength: 6, maxLength: 16, charset: 'any', maxTries: 10 },
    defaultPins: [{ kind: 'usci-suffix', length: 6 }],
    renewal: { windowDays: 30, graceDaysAfterExpiry: null },
    identifiers: COMMON_IDENTIFIERS,
    hotlines: ['4007001900', '010-58515511', '4009197888'],
  },
  {
    // 四川CA "i信" assistant, Sichuan HR & social security platform: seed 001.
    id: 'scca',
    name: { zh: '四川CA', en: 'Sichuan CA (SCCA)' },
    issuerMatch: [
      { field: 'O', contains: ['SCCA', 'Sichuan Certificate Authority', '四川省数字证书', '四川CA'] },
      { field: 'CN', contains: ['SCCA', 'Sichuan Certificate Authority', '四川省数字证书', '四川CA'] },
    ],
    pinPolicy: { minLength: 6, maxLength: 16, charset: 'any' },
    defaultPins: [{ kind: 'fixed', pin: '12345678' }],
    renewal: { windowDays: 30, graceDaysAfterExpiry: null },
    identifiers: COMMON_IDENTIFIERS,
    hotlines: [],
  },
  {
    // CFCA keys such as 长江养老's UKEY: seed 000 (initial PIN 888888, six digits only).
    id: 'cfca',
    name: { zh: '中国金融认证中心（CFCA）', en: 'China Financial Certification Authority (CFCA)' },
    issuerMatch: [
      { field: 'O', contains: ['CFCA', 'China Financial Certification Authority', '中国金融认证中心'] },
      { field: 'CN', contains: ['CFCA'] },
    ],
    pinPolicy: { minLength: 6, maxLength: 6, charset: 'digits' },
    defaultPins: [{ kind: 'fixed', pin: '888888' }],
    renewal: { windowDays: 30, graceDaysAfterExpiry: null },
    // CFCA CNs read like "041@<type><id>@<name>@<n>"; the id after the type letter is often the USCI.
    identifiers: [{ kind: 'usci', field: 'CN', pattern: '^\\d+@[A-Z]?([0-9A-HJ-NPQRTUWXY]{18})@' }, ...COMMON_IDENTIFIERS],
    hotlines: [],
  },
  {
    // The demo CA bundled with UKey Assistant and used by the virtual token (PIV defaults, SP 800-73-4).
    id: 'demo',
    name: { zh: 'UKey 助手演示 CA', en: 'UKey Assistant demo CA' },
    // The demo CA certificate's subject (ca-services.ts holds the certificate; a test keeps the two equal). The CN
    // is Chinese ("UKey 助手演示 CA"): matching an English display string gave demo certificates no profile.
    issuerMatch: [{ name: { C: 'CN', O: 'UKey Assistant Demo', CN: 'UKey 助手演示 CA' } }],
    pinPolicy: { minLength: 6, maxLength: 8, charset: 'any', maxTries: 3 },
    defaultPins: [{ kind: 'fixed', pin: '123456' }],
    renewal: { windowDays: 30, graceDaysAfterExpiry: 30 },
    identifiers: COMMON_IDENTIFIERS,
    hotlines: [],
  },
];
