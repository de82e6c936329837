/**
 * What a clerk cares about, per paired key (issue 8 §5): a certificate expired or inside its renewal window;
 * the PIN blocked, or still the factory default. Facts come from the window's view of the keys (cached
 * reports, PIN status read without spending a try), so this stays pure.
 */
import { isOneEn } from './plural';
import { result, type CheckResult } from './types';

export interface KeyFacts {
  /** The key's label as the user named it (or the model). */
  readonly name: string;
  /** The most urgent certificate deadline: inside the window, expired but renewable, or too late. */
  readonly certificate: 'ok' | 'due' | 'expired' | 'too-late';
  /** Days left (due) or days since expiry (expired, too-late). */
  readonly days: number | null;
  /** PIN status when the key was read in this session; null when not known (not plugged in). */
  readonly pin: { readonly blocked: boolean; readonly isDefault: boolean | null } | null;
}

const listZh = (names: readonly string[]) => names.map((n) => `“${n}”`).join('、');
const listEn = (names: readonly string[]) => names.map((n) => `“${n}”`).join(', ');

export function checkKeyCertificates(keys: readonly KeyFacts[], _now: number): CheckResult {
  if (keys.length === 0) {
    return result('key-certificates', 'unchecked', 'renewal-rules', '未检查：还没有添加 UKEY。', 'Not checked: no UKEY added yet.');
  }
  const late = keys.filter((k) => k.certificate === 'too-late').map((k) => k.name);
  const expired = keys.filter((k) => k.certificate === 'expired').map((k) => k.name);
  const due = keys.filter((k) => k.certificate === 'due').map((k) => k.name);
  if (late.length + expired.length > 0) {
    const zh = [
      expired.length ? `${listZh(expired)} 的证书已过期，请尽快办理延期。` : '',
      late.length ? `${listZh(late)} 的证书过期太久，已不能延期，需要向 CA 重新申请。` : '',
    ].join('');
    const en = [
      expired.length ? `The certificate of ${listEn(expired)} has expired: renew it soon.` : '',
      late.length ? `The certificate of ${listEn(late)} expired too long ago to be renewed: apply to the CA again.` : '',
    ].filter(Boolean).join(' ');
    return result('key-certificates', 'fail', 'renewal-rules', zh, en);
  }
  if (due.length > 0) {
    return result('key-certificates', 'warn', 'renewal-rules', `${listZh(due)} 的证书快到期了，请在到期前办理延期。`, `The certificate of ${listEn(due)} expires soon: renew it before it does.`);
  }
  return result('key-certificates', 'pass', 'renewal-rules', `${keys.length} 支 UKEY 的证书都在有效期内。`, isOneEn(keys.length) ? 'The UKEY’s certificates are valid.' : `The certificates of all ${keys.length} UKEYs are valid.`);
}

export function checkKeyPins(keys: readonly KeyFacts[]): CheckResult {
  const known = keys.filter((k) => k.pin !== null);
  if (known.length === 0) {
    return result('key-pin', 'unchecked', 'pin-locked', '未检查：需要插入 UKEY 才能读出 PIN 状态（读取不会用掉尝试次数）。', 'Not checked: a UKEY must be plugged in to read its PIN state (reading spends no try).');
  }
  const blocked = known.filter((k) => k.pin?.blocked).map((k) => k.name);
  const isDefault = known.filter((k) => !k.pin?.blocked && k.pin?.isDefault === true).map((k) => k.name);
  if (blocked.length > 0) {
    return result('key-pin', 'fail', 'pin-locked', `${listZh(blocked)} 的 PIN 已锁定：用 PUK 解锁，或向 CA 申请解锁。`, `The PIN of ${listEn(blocked)} is blocked: unblock it with the PUK, or ask the CA to unlock it.`);
  }
  if (isDefault.length > 0) {
    return result('key-pin', 'warn', 'default-pins', `${listZh(isDefault)} 的 PIN 还是出厂默认值，请到 PIN 管理里修改。`, `The PIN of ${listEn(isDefault)} is still the factory default: change it on the PIN page.`);
  }
  const unplugged = keys.length - known.length;
  const zh = `已读出的 ${known.length} 支 UKEY 的 PIN 都正常。${unplugged > 0 ? `另有 ${unplugged} 支没有插入，未检查。` : ''}`;
  const read = isOneEn(known.length) ? 'The PIN of the UKEY read is fine.' : `The PINs of the ${known.length} UKEYs read are fine.`;
  const en = `${read}${unplugged > 0 ? ` ${unplugged} more not plugged in: not checked.` : ''}`;
  return result('key-pin', unplugged > 0 ? 'unchecked' : 'pass', 'pin-locked', zh, en);
}
