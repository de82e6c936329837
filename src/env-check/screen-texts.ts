/** Words of the environment-check screen, zh-CN first (kept beside the checks they name). */
import type { Lang } from '../i18n/lang';
import type { CheckId, CheckStatus } from './types';

export const CHECK_TITLES: Readonly<Record<CheckId, Readonly<Record<Lang, string>>>> = {
  'secure-context': { 'zh-CN': '安全连接', en: 'Secure context' },
  webusb: { 'zh-CN': 'WebUSB', en: 'WebUSB' },
  webhid: { 'zh-CN': 'WebHID', en: 'WebHID' },
  'web-smart-card': { 'zh-CN': 'Web Smart Card', en: 'Web Smart Card' },
  worker: { 'zh-CN': '后台线程（Worker）', en: 'Workers' },
  'usb-permission': { 'zh-CN': 'USB 设备授权', en: 'USB permissions' },
  'paired-tokens': { 'zh-CN': '已配对的令牌', en: 'Paired tokens' },
  'protected-interface': { 'zh-CN': '受保护的智能卡接口', en: 'Protected smart-card interface' },
  clock: { 'zh-CN': '系统时间', en: 'System clock' },
  online: { 'zh-CN': '网络', en: 'Network' },
  'storage-persistence': { 'zh-CN': '持久存储', en: 'Persistent storage' },
  'service-worker': { 'zh-CN': '离线功能与版本', en: 'Offline use and version' },
  indexeddb: { 'zh-CN': '本地数据库', en: 'Local database' },
};

export const STATUS_TEXT: Readonly<Record<CheckStatus, Readonly<Record<Lang, string>>>> = {
  pass: { 'zh-CN': '正常', en: 'OK' },
  warn: { 'zh-CN': '注意', en: 'Warning' },
  fail: { 'zh-CN': '有问题', en: 'Problem' },
};

export const ENV_SCREEN_TEXT = {
  'zh-CN': {
    title: '环境检查',
    intro: '逐项检查浏览器、令牌和本应用的运行条件；能在网页内修复的，点按钮即可。',
    rerun: '重新检查',
    running: '正在检查…',
    summary: '{pass} 项正常，{warn} 项注意，{fail} 项有问题。',
    guide: '查看指南',
    fixFailed: '浏览器没有同意此操作。',
  },
  en: {
    title: 'Environment check',
    intro: 'Checks the browser, the tokens and this app one by one; where the web can fix something, a button does it.',
    rerun: 'Check again',
    running: 'Checking…',
    summary: '{pass} OK, {warn} warnings, {fail} problems.',
    guide: 'Read the guide',
    fixFailed: 'The browser did not allow this.',
  },
} as const satisfies Record<Lang, Record<string, string>>;
