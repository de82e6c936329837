import type { Lang } from '../i18n';
import type { KeyRole } from '../../worker';

/** What each key is for, so two certificates of one holder are never shown as identical choices. */
const NAMES: Readonly<Record<Lang, Readonly<Record<KeyRole, string>>>> = {
  'zh-CN': { authentication: '身份认证', signature: '签名', encryption: '加密', 'card-authentication': '卡认证', retired: '旧密钥' },
  en: { authentication: 'authentication', signature: 'signing', encryption: 'encryption', 'card-authentication': 'card authentication', retired: 'old key' },
};

export function roleName(role: KeyRole, lang: Lang): string {
  return NAMES[lang][role];
}
