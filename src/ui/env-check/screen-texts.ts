/** Words of the environment-check screen, zh-CN first (kept beside the checks they name). */
import type { Lang } from '../i18n/lang';
import type { CheckId, CheckStatus } from './types';

/** Plain titles (issue 8 §5): what the clerk cares about; the technical name goes under details (CHECK_TECH). */
export const CHECK_TITLES: Readonly<Record<CheckId, Readonly<Record<Lang, string>>>> = {
  'secure-context': { 'zh-CN': '网址是否安全', en: 'Secure address' },
  webusb: { 'zh-CN': '浏览器能否连接 USB 的 UKEY', en: 'Browser can reach USB UKEYs' },
  webhid: { 'zh-CN': '浏览器能否连接免驱 UKEY', en: 'Browser can reach driver-free UKEYs' },
  'web-smart-card': { 'zh-CN': '系统读卡服务', en: 'System smart-card service' },
  worker: { 'zh-CN': '本应用的后台部分', en: 'The app’s background part' },
  'usb-permission': { 'zh-CN': 'UKEY 的使用授权', en: 'Permission to use the UKEY' },
  'paired-tokens': { 'zh-CN': '已添加的 UKEY 是否插着', en: 'Added UKEYs plugged in' },
  'protected-interface': { 'zh-CN': 'UKEY 能否被网页打开', en: 'UKEY can be opened by a page' },
  clock: { 'zh-CN': '电脑时间', en: 'Computer clock' },
  online: { 'zh-CN': '网络', en: 'Network' },
  portals: { 'zh-CN': '登录过的网站', en: 'Sites you sign in to' },
  'storage-persistence': { 'zh-CN': '本机保存的信息会不会被清掉', en: 'Saved data kept safe' },
  'service-worker': { 'zh-CN': '离线使用和版本', en: 'Offline use and version' },
  indexeddb: { 'zh-CN': '本机数据', en: 'Local data' },
  'key-certificates': { 'zh-CN': '证书有效期', en: 'Certificate validity' },
  'key-pin': { 'zh-CN': 'PIN 状态', en: 'PIN state' },
};

/** The technical names, shown only under "技术详情". */
export const CHECK_TECH: Readonly<Record<CheckId, string>> = {
  'secure-context': 'Secure context (HTTPS / localhost)',
  webusb: 'WebUSB',
  webhid: 'WebHID',
  'web-smart-card': 'Web Smart Card API',
  worker: 'Dedicated Worker (WebUSB / WebHID in workers)',
  'usb-permission': 'navigator.usb.getDevices()',
  'paired-tokens': 'IndexedDB tokens × granted devices',
  'protected-interface': 'USB interface class (0x0B / 0x03 / 0x08 protected)',
  clock: 'Date vs build time / server Date header',
  online: 'navigator.onLine',
  portals: 'fetch(origin, { mode: no-cors }) to each site in the sign-in history',
  'storage-persistence': 'StorageManager.persisted()',
  'service-worker': 'Service Worker',
  indexeddb: 'IndexedDB',
  'key-certificates': 'certificate notAfter × CA renewal rule',
  'key-pin': 'PIN and unblock-code retry counters, read without spending a try (card profile pinStatus)',
};

export const STATUS_TEXT: Readonly<Record<CheckStatus, Readonly<Record<Lang, string>>>> = {
  pass: { 'zh-CN': '正常', en: 'OK' },
  warn: { 'zh-CN': '注意', en: 'Warning' },
  fail: { 'zh-CN': '有问题', en: 'Problem' },
  unchecked: { 'zh-CN': '未检查', en: 'Not checked' },
};

export const ENV_SCREEN_TEXT = {
  'zh-CN': {
    title: '全面检查',
    intro: '检查 UKEY、证书、PIN 和这台电脑的浏览器；能在网页里修好的，点按钮即可。',
    verdictOk: '可以正常使用',
    verdictProblems: '有 {n} 个问题需要处理',
    verdictProblemsOne: '有 {n} 个问题需要处理',
    verdictUnchecked: '另有 {n} 项未检查，原因写在各项里。',
    export: '导出诊断信息',
    exportHint: '生成一个 JSON 文件，可以发给技术支持。文件里有浏览器环境、UKEY 的公开信息和脱敏后的通信记录，不含 PIN。',
    exported: '已生成 {file}。',
    tech: '技术详情',
    okTitle: '正常的项目（{n}）',
    rerun: '重新检查',
    running: '正在检查…',
    summary: '{pass} 项正常，{warn} 项注意，{fail} 项有问题。',
    guide: '查看指南',
    fixFailed: '浏览器没有同意。可以在地址栏左侧的网站设置里允许，或者先不处理：这不影响 UKEY 的使用。',
  },
  en: {
    title: 'Full check',
    intro: 'Checks your UKEYs, certificates, PINs and this computer’s browser; where the web can fix something, a button does it.',
    verdictOk: 'Ready to use',
    verdictProblems: '{n} problems to deal with',
    verdictProblemsOne: '{n} problem to deal with',
    verdictUnchecked: '{n} more not checked; each says why.',
    export: 'Export diagnostics',
    exportHint: 'Makes a JSON file for the helpdesk: the browser environment, the UKEYs’ public facts and the redacted communication log. No PIN is in it.',
    exported: '{file} was created.',
    tech: 'Technical details',
    okTitle: 'Items that are fine ({n})',
    rerun: 'Check again',
    running: 'Checking…',
    summary: 'OK: {pass}. Warnings: {warn}. Problems: {fail}.',
    guide: 'Read the guide',
    fixFailed: 'The browser did not allow it. You can allow it in the site settings left of the address bar, or leave it: the UKEY works either way.',
  },
} as const satisfies Record<Lang, Record<string, string>>;
