/**
 * Renewal screen texts (issue 10 §2), zh-CN first. Unplugging is always safe, so no text ever asks the user
 * not to unplug; when the key is away mid-renewal the text asks to plug THIS key back in to collect.
 */
import { format, type Lang } from './lang';
import type { RenewalStep } from '../../flows/renewal';

const ZH = {
  renewTitle: '证书延期',
  renewTitleOf: '证书延期：{key} · {cert}（{date} 到期）',
  renewIntro: '在这支 UKEY 上生成新密钥，用旧证书签名向 CA 申请新证书。旧密钥在新证书装好之前一直可用，中途拔出 UKEY 也没关系，插回后可以继续。',
  windowEarly: '证书还有 {days} 天到期。CA 建议在到期前 {window} 天内更新，现在也可以提前更新。',
  windowOpen: '证书还有 {days} 天到期，现在可以更新。',
  windowGrace: '证书已过期 {days} 天，还可以更新（剩 {left} 天）。',
  windowGraceNoLimit: '证书已过期 {days} 天，仍可以更新。',
  windowClosed: '证书已过期 {days} 天，超过 {grace} 天不能更新，需要重新申请。',
  windowUnknown: '没有找到这张证书的 CA 规则。',
  noRenewalService: '这张证书的 CA 没有可供本应用在线延期的服务，请按 CA 自己的办法办理延期。',
  caUrlLabel: 'CA 的更新服务地址',
  demoCaUrlLabel: '演示 CA 的地址（只用于演示 UKEY）',
  caRouteLink: '怎样向 CA 办理证书延期',
  pinLabel: 'PIN（用于在 UKEY 上签名，不会被保存）',
  adminKeyLabel: '管理员密钥（由单位管理员提供，仅本次使用）',
  startButton: '开始更新',
  continueButton: '继续',
  working: '正在处理，请稍候…',
  stepProgress: '第 {n} 步，共 {m} 步：{text}',
  plugBack: '插回这支 UKEY 领取新证书（序列号 {serial}）。',
  plugBackHint: '更新已保存到这一步，插回后点“继续”，不会重复申请。',
  otherKey: '插着的是另一支 UKEY。这次更新属于序列号 {serial} 的 UKEY，请插回那一支。',
  waitingNetwork: 'CA 暂时无法访问。请求已保存在这台电脑上，会自动重试，不会重复申请；也可以稍后点“继续”。',
  waitingOffline: '电脑离线。请求已保存在这台电脑上，联网后会自动发给 CA，不会重复申请。',
  queuedTitle: '延期申请已排队，等待 CA 答复。',
  queuedOffline: '电脑离线：联网后会自动发给 CA，不用开着本应用。',
  queuedCaUnreachable: 'CA 暂时无法访问：会自动重试，不用开着本应用。',
  queuedWaiting: '正在发给 CA，不用开着本应用。',
  queuedOpen: '查看延期进度',
  waitingReview: 'CA 正在审核，约 {time} 后可以领取新证书。到时回到本页点“继续”。',
  doneText: '新证书已装进这支 UKEY。',
  doneNewExpiry: '新证书有效期至 {date}，“我的 UKEY”已更新。',
  doneActiveKeyRef: '这张卡不能移动密钥，新证书保存在卡内密钥编号 {keyRef} 的位置，签名和登录会使用它。',
  effectiveNote: '新证书约 {n} 分钟后在平台生效。',
  failedText: '这次更新没有完成：{reason}。旧证书和旧密钥没有改动。',
  keptText: 'CA 已签发新证书，新密钥和新证书都保留在这支 UKEY 上，没有删除；但 CA 没有接受这次确认：{reason}。旧证书和旧密钥仍然可以用。点“再试一次完成”会重新向 CA 确认这张新证书，不会再生成新密钥；多次不成功请联系 CA。',
  finishKeptButton: '再试一次完成',
  renewLink: '更新证书',
  backToKey: '返回这支 UKEY',
} as const;

type Key = keyof typeof ZH;

const EN: Record<Key, string> = {
  renewTitle: 'Renew certificate',
  renewTitleOf: 'Renew: {key} · {cert} (expires {date})',
  renewIntro: 'A new key is made on this UKEY and the request to the CA is signed with the current certificate. The old key keeps working until the new certificate is installed; unplugging on the way is fine — plug it back in to continue.',
  windowEarly: 'The certificate expires in {days} days. The CA suggests renewing within {window} days of expiry; renewing early is possible.',
  windowOpen: 'The certificate expires in {days} days; it can be renewed now.',
  windowGrace: 'The certificate expired {days} days ago and can still be renewed ({left} days left).',
  windowGraceNoLimit: 'The certificate expired {days} days ago and can still be renewed.',
  windowClosed: 'The certificate expired {days} days ago, more than {grace} days: it cannot be renewed, apply anew.',
  windowUnknown: 'No CA rules are known for this certificate.',
  noRenewalService: 'This certificate’s CA has no online renewal service this app can use; renew it the CA’s own way.',
  caUrlLabel: 'CA renewal service address',
  demoCaUrlLabel: 'Demo CA address (demo UKEY only)',
  caRouteLink: 'How to renew with your CA',
  pinLabel: 'PIN (to sign on the UKEY; never saved)',
  adminKeyLabel: 'Management key (from your administrator; used once)',
  startButton: 'Start renewal',
  continueButton: 'Continue',
  working: 'Working…',
  stepProgress: 'Step {n} of {m}: {text}',
  plugBack: 'Plug this UKEY back in to collect the new certificate (serial {serial}).',
  plugBackHint: 'The renewal is saved at this step; plug it in and press Continue — nothing is requested twice.',
  otherKey: 'Another UKEY is plugged in. This renewal belongs to the UKEY with serial {serial}; plug that one in.',
  waitingNetwork: 'The CA cannot be reached right now. The request is saved on this computer and retried by itself, never twice; you can also press Continue later.',
  waitingOffline: 'This computer is offline. The request is saved here and goes to the CA by itself once you are online, never twice.',
  queuedTitle: 'Renewal request queued, waiting for the CA.',
  queuedOffline: 'This computer is offline: it is sent to the CA by itself once you are online; the app need not be open.',
  queuedCaUnreachable: 'The CA cannot be reached right now: it is retried by itself; the app need not be open.',
  queuedWaiting: 'Being sent to the CA; the app need not be open.',
  queuedOpen: 'See the renewal',
  waitingReview: 'The CA is reviewing the request; collect the new certificate after {time}. Come back and press Continue.',
  doneText: 'The new certificate is installed on this UKEY.',
  doneNewExpiry: 'The new certificate is valid until {date}; "My UKEYs" is up to date.',
  doneActiveKeyRef: 'This card cannot move keys: the new certificate stays under key reference {keyRef} on the card, used for signing and sign-in.',
  effectiveNote: 'The new certificate is accepted by the platform in about {n} minutes.',
  failedText: 'This renewal did not complete: {reason}. The old certificate and key are unchanged.',
  keptText: 'The CA issued the new certificate, and the new key and certificate are kept on this UKEY (nothing was deleted), but the CA did not accept the confirmation: {reason}. The old certificate and key still work. “Try finishing again” confirms this new certificate with the CA again; no new key is made. If it keeps failing, contact the CA.',
  finishKeptButton: 'Try finishing again',
  renewLink: 'Renew certificate',
  backToKey: 'Back to this UKEY',
};

const STEP_ZH: Record<RenewalStep, string> = {
  planned: '准备：已选好存放新密钥的空位置',
  'key-generated': '已在 UKEY 上生成新密钥（旧密钥保留）',
  'request-built': '更新请求已签名，正在发给 CA',
  waiting: '等待 CA 签发',
  answered: 'CA 已签发新证书，已核对',
  'certificate-written': '新证书已写入 UKEY 并读回核对',
  tested: '新密钥试签名通过',
  'confirm-built': '正在向 CA 确认收到证书',
  confirmed: 'CA 已确认',
  'main-certificate-written': '正在把新证书换到原来的位置',
  done: '完成',
  rejecting: '核对没有通过，正在通知 CA 作废并清理',
  failed: '没有完成',
};

const STEP_EN: Record<RenewalStep, string> = {
  planned: 'Ready: a free place on the card is chosen for the new key',
  'key-generated': 'New key made on the UKEY (the old key stays)',
  'request-built': 'Request signed, being sent to the CA',
  waiting: 'Waiting for the CA to issue',
  answered: 'The CA issued the new certificate; checked',
  'certificate-written': 'New certificate written to the UKEY and read back',
  tested: 'Test signature with the new key verified',
  'confirm-built': 'Confirming receipt to the CA',
  confirmed: 'The CA confirmed',
  'main-certificate-written': 'Putting the new certificate in the original place',
  done: 'Done',
  rejecting: 'A check failed: asking the CA to revoke, cleaning up',
  failed: 'Not completed',
};

/** Every renewal screen text, for the guides test (a guide may quote only labels the app shows). */
export const RENEWAL_UI_TEXTS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = { 'zh-CN': ZH, en: EN };

export function rt(lang: Lang, key: Key, params: Readonly<Record<string, string | number>> = {}): string {
  return format(lang === 'zh-CN' ? ZH[key] : EN[key], params);
}

export function renewalStepText(lang: Lang, step: RenewalStep): string {
  return lang === 'zh-CN' ? STEP_ZH[step] : STEP_EN[step];
}

/** Texts for the renewal errors (the error panel's cause / what to do), by class name. */
export const RENEWAL_ERROR_TEXTS = {
  'zh-CN': {
    RenewalClosedError: { cause: '证书已过期太久，超过 CA 允许更新的期限。', whatToDo: '需要重新申请证书：按指南联系 CA 办理。' },
    RenewalTokenMismatchError: { cause: '插着的不是发起这次更新的那支 UKEY。', whatToDo: '插回原来那支 UKEY 后点“继续”。' },
    RenewalStateError: { cause: '这次更新不能继续。', whatToDo: '按指南检查 UKEY 和 CA 设置，或联系 CA。' },
  },
  en: {
    RenewalClosedError: { cause: 'The certificate expired longer ago than the CA allows for renewal.', whatToDo: 'Apply for a new certificate: see the guide for your CA.' },
    RenewalTokenMismatchError: { cause: 'The UKEY plugged in is not the one this renewal started on.', whatToDo: 'Plug the original UKEY back in and press Continue.' },
    RenewalStateError: { cause: 'This renewal cannot go on.', whatToDo: 'Check the UKEY and CA settings in the guide, or contact the CA.' },
  },
} as const;
