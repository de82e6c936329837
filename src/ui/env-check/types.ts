/**
 * The environment check's vocabulary (issue 4 §1 "Environment check"): the web's honest answer to the native
 * tools' "全面检查 / 一键修复". Each check is a small function returning one CheckResult.
 */
import type { GuideId } from '../../shared/errors';
import type { Lang } from '../i18n/lang';

/**
 * 'unchecked': the check could not be made here (offline, nothing to inspect, not available in a page) — said
 * as "未检查" with why, never as a green "正常" (issue 8 §5).
 */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'unchecked';

/** Text in every app language, zh-CN first. */
export type LocalizedText = Readonly<Record<Lang, string>>;

export const CHECK_IDS = [
  'secure-context',
  'webusb',
  'webhid',
  'web-smart-card',
  'worker',
  'usb-permission',
  'paired-tokens',
  'protected-interface',
  'clock',
  'online',
  'portals',
  'storage-persistence',
  'service-worker',
  'indexeddb',
  // What a clerk cares about, per paired key (issue 8 §5): certificates expired or due, PIN blocked or default.
  'key-certificates',
  'key-pin',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** Fixes the web can apply by itself; anything else is explained by the guide. */
export const FIX_ACTIONS = ['request-persistent-storage', 're-pair', 'update-app', 'reload'] as const;
export type FixAction = (typeof FIX_ACTIONS)[number];

export const FIX_LABELS: Readonly<Record<FixAction, LocalizedText>> = {
  'request-persistent-storage': { 'zh-CN': '申请持久存储', en: 'Request persistent storage' },
  're-pair': { 'zh-CN': '重新添加 UKEY', en: 'Add the UKEY again' },
  'update-app': { 'zh-CN': '更新应用', en: 'Update the app' },
  reload: { 'zh-CN': '重新加载', en: 'Reload' },
};

export interface CheckFix {
  readonly action: FixAction;
  readonly label: LocalizedText;
}

export interface CheckResult {
  readonly id: CheckId;
  readonly status: CheckStatus;
  readonly cause: LocalizedText;
  readonly guideId: GuideId;
  readonly fix?: CheckFix;
}

/** Builds a result; `fix` takes its label from FIX_LABELS so every button reads the same everywhere. */
export function result(
  id: CheckId,
  status: CheckStatus,
  guideId: GuideId,
  zh: string,
  en: string,
  fix?: FixAction,
): CheckResult {
  const base = { id, status, guideId, cause: { 'zh-CN': zh, en } };
  return fix ? { ...base, fix: { action: fix, label: FIX_LABELS[fix] } } : base;
}
