/**
 * The zh-CN glossary (issue 8 §6): one word per thing, the word clerks use. Every zh string of the app is
 * checked against it by test/unit/i18n/glossary.test.ts. Technical names (WebUSB, Worker, class names) belong
 * under "技术详情" only; a few listed below are allowed in explanations where no Chinese word exists.
 */
export interface GlossaryEntry {
  /** The word to use. */
  readonly use: string;
  /** Words that must not appear for the same thing. */
  readonly avoid: readonly string[];
  readonly note: string;
}

export const GLOSSARY_ZH: readonly GlossaryEntry[] = [
  { use: 'UKEY', avoid: ['令牌', 'U 盾', 'USB Key'], note: '用户手里的那支钥匙；量词用“支”。' },
  { use: '添加 UKEY', avoid: ['配对'], note: '“配对”是蓝牙的说法。' },
  { use: '我的 UKEY', avoid: ['仪表板'], note: '首页的名字；指南里说“仪表盘”时指同一页。' },
  { use: '证书延期', avoid: ['证书续期', '续签'], note: 'CA 手册里的说法（12309：“延期”）。' },
  { use: '解锁', avoid: ['解封', '解冻'], note: 'PIN 锁定后恢复使用。PUK 是“管理员解锁口令”，CA 发的是“解锁码（解锁授权码）”。' },
  { use: '全面检查', avoid: ['环境检查'], note: '对应原生助手的“全面检查 / 一键修复”。' },
  { use: '技术详情', avoid: ['槽位'], note: '“槽位”等技术词只放在“技术详情”里（标签写作“卡内密钥编号”，值是卡的配置文件自己的名字，如 9A）。' },
];

/** Sentences in zh use full-width punctuation next to Chinese characters (，。：；？！（）). */
export const ASCII_PUNCTUATION_NEXT_TO_HAN = /[\u4e00-\u9fff][,.:;?!(]|[,:;?!)][\u4e00-\u9fff]/u;

/** An error class name leaking into a sentence, e.g. "(DeviceNotFoundError)". */
export const CLASS_NAME = /\b[A-Z][a-z]+(?:[A-Z][a-z]+)*(?:Error|Exception)\b/;

/**
 * Latin words a zh-CN screen may show outside 技术详情 (issue 16 §3): our product words (UKEY, PIN, PUK, CA),
 * names clerks read on their own screens and keys (CA names, browsers, Windows, file types), and algorithm
 * names printed on certificates. Everything else — API names (WebUSB, WebHID, Web Smart Card, IWA), class names,
 * English error reasons — belongs under 技术详情 or must be said in Chinese. test/e2e/zh-latin-words.test.ts
 * scans the rendered text of every screen against this list.
 */
export const LATIN_ALLOWED_ZH: readonly string[] = [
  // Product words (glossary above); i信 is 四川CA's assistant, U宝 a HengBao key
  'UKEY', 'UKey', 'PIN', 'PUK', 'CA', 'USB', 'HID',
  // CAs, portals and vendors as clerks know them
  'BJCA', 'CFCA', 'SCCA', 'Ukey', 'YubiKey', 'CanoKey', 'ePass2003', 'GM3000', 'GM3000C', 'W5181', 'Key', 'uKey', 'GM', 'GM/T',
  // Browsers and systems
  'Chrome', 'Edge', 'Windows', 'Mac', 'macOS', 'Linux', 'ChromeOS', 'Firefox', 'Safari', 'Outlook', 'Cookie', 'IT', 'Internet',
  'Caps', 'Lock', 'UTC+8', 'UTC+08', 'WinUSB', 'Zadig', 'udev', 'i', 'U',
  // File types and formats clerks see on their files
  'cer', 'crt', 'pem', 'der', 'p7b', 'ics', 'crl', 'xls', 'xlsx', 'CER', 'DER', 'CRL', 'X.509', 'Base64', 'Base-64', 'JSON', 'https', 'http',
  // Algorithms and identifiers printed on certificates
  'SM2', 'SM3', 'RSA', 'ECDSA', 'EC', 'P-256', 'P-384', 'SHA-256', 'SHA-1', 'PIV', 'E1000', 'UTC', 'OK',
];
