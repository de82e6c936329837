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
  { use: '技术详情', avoid: ['槽位'], note: '“槽位”等技术词只放在“技术详情”里（标签写作“PIV 槽位”）。' },
];

/** Sentences in zh use full-width punctuation next to Chinese characters (，。：；？！（）). */
export const ASCII_PUNCTUATION_NEXT_TO_HAN = /[\u4e00-\u9fff][,.:;?!(]|[,:;?!)][\u4e00-\u9fff]/u;

/** An error class name leaking into a sentence, e.g. "(DeviceNotFoundError)". */
export const CLASS_NAME = /\b[A-Z][a-z]+(?:[A-Z][a-z]+)*(?:Error|Exception)\b/;
