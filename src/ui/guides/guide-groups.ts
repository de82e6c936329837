import type { GuideId } from '../../shared/errors';
import type { Localised } from './guide-types';

/** The guides grouped by the clerk's job (issue 8 §6), in the order a clerk meets the problems. */
export interface GuideGroup {
  readonly id: 'login' | 'pin' | 'expiry' | 'recognition' | 'browser' | 'app';
  readonly title: Localised<string>;
  readonly guides: readonly GuideId[];
}

export const GUIDE_GROUPS: readonly GuideGroup[] = [
  {
    id: 'login',
    title: { 'zh-CN': '登录问题', en: 'Logging in' },
    guides: ['signature-error-e1000', 'clock-wrong', 'proxy-exceptions', 'no-user-linked', 'certificate-untrusted', 'revocation-unknown'],
  },
  {
    id: 'pin',
    title: { 'zh-CN': 'PIN', en: 'PIN' },
    guides: ['wrong-pin', 'pin-locked', 'unlock', 'default-pins', 'pin-policy'],
  },
  {
    id: 'expiry',
    title: { 'zh-CN': '证书到期', en: 'Certificate expiry' },
    guides: ['renewal-rules', 'lost-or-damaged-token', 'one-token-per-department'],
  },
  {
    id: 'recognition',
    title: { 'zh-CN': 'UKEY 识别', en: 'UKEY not recognised' },
    guides: ['token-not-recognised', 'no-certificate', 'certificate-unreadable', 'no-device-chosen', 'device-busy', 'device-disconnected', 'card-absent', 'card-error', 'token-unsupported', 'export-certificate'],
  },
  {
    id: 'browser',
    title: { 'zh-CN': '浏览器', en: 'Browser' },
    guides: ['protected-interface', 'windows-driver-winusb', 'linux-udev', 'browser-versions', 'webusb-missing'],
  },
  {
    id: 'app',
    title: { 'zh-CN': '本应用', en: 'This app' },
    guides: ['storage-problem', 'app-update'],
  },
];
