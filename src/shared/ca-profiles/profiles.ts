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
    name: { zh: '12309 中国检察网 UKEY（BJCA 签发）', en: '12309 procuratorate platform key (issued by BJCA)' },
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
    // 12309 keys are BJCA's (seed 003 §3.2 "BJCA 证书助手"); BJCA's official service hotline is printed in seed 002
    // (online unlock, step 4). The 12309 manual's own numbers are individuals' mobiles: never cited.
    hotlines: ['4007001900'],
    // Seed 003 §2 and FAQ: the CA's renewal site for these keys (the manual's usual spelling, "xtxuserweb").
    serviceRoute: {
      zh: 'CA 的证书延期网站（用 BJCA 证书助手查看证书后访问）',
      en: "The CA's certificate renewal site (check the certificate in the BJCA certificate assistant first)",
      url: 'https://ca.12309.gov.cn:8080/xtxuserweb',
    },
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
    // Seed 002: "北京数字认证官方服务热线 4007001900" (online unlock, step 4) and §10.1 技术支持 "010-58515511/4009197888".
    hotlines: ['4007001900', '010-58515511', '4009197888'],
    // Seed 002 §7: renewal self-service page after the work order is approved.
    serviceRoute: {
      zh: 'BJCA 证书助手里的“证书更新”，或 BJCA 的自助更新网页',
      en: 'Use "Certificate update" in the BJCA certificate assistant, or BJCA\'s self-service update page',
      url: 'http://userweb.bjca.org.cn/bossuserweb/download/down_Update.aspx',
    },
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
    // Seed 001 prints no hotline of the CA itself (its 028 number is the social-security platform's binding line,
    // not the CA's service): the CA's website and the online service of its "i信" assistant instead (seed 001 §1).
    hotlines: [],
    serviceRoute: {
      zh: '四川CA 官网“服务支持”，或“i信”证书助手里的在线客服',
      en: 'Sichuan CA\'s website ("服务支持" service support), or the online service in its "i信" certificate assistant',
      url: 'http://www.scca.com.cn',
    },
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
    // Seed 000 prints no CFCA or pension-company number: its keys are served by 长江养老's service desk, the
    // account manager or an agent office (FAQ 5, §4), and its online service system (§2).
    hotlines: [],
    serviceRoute: {
      zh: '长江养老客服、你的客户经理或长江养老代理服务网点（带上 UKEY 和身份证）',
      en: 'The Changjiang pension service desk, your account manager or an agent office (bring the UKEY and your ID card)',
      url: 'https://csp.cj-pension.com.cn/',
    },
  },
  {
    // The demo CA bundled with UKey Assistant, whose certificates the demo token holds; the PIN rules and factory
    // PIN below are the demo card's, left at its profile's defaults (SP 800-73-4 Part 2 §2.4.3).
    id: 'demo',
    name: { zh: 'UKey 助手演示 CA', en: 'UKey Assistant demo CA' },
    // The demo CA certificate's subject (ca-services.ts holds the certificate; a test keeps the two equal). The CN
    // is Chinese ("UKey 助手演示 CA"): matching an English display string gave demo certificates no profile.
    issuerMatch: [{ name: { C: 'CN', O: 'UKey Assistant Demo', CN: 'UKey 助手演示 CA' } }],
    pinPolicy: { minLength: 6, maxLength: 8, charset: 'any', maxTries: 3 },
    defaultPins: [{ kind: 'fixed', pin: '123456' }],
    renewal: { windowDays: 30, graceDaysAfterExpiry: 30 },
    identifiers: COMMON_IDENTIFIERS,
    // The demo CA is this app's own: no hotline; renewal and online unlock happen in the app.
    hotlines: [],
    serviceRoute: { zh: '在本应用里办理（演示）', en: 'In this app (demo)', url: null },
  },
];
