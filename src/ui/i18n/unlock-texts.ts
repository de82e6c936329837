/**
 * Texts of 通过 CA 解锁 (issue 10 §4), zh-CN first. The PUK is the CA's escrow now: no text asks the user to
 * write it down, and it is shown only when they ask. The 解锁授权码 is not the PUK (the guides say so too).
 */
import { format, type Lang } from './lang';
import type { EscrowPhase } from '../../flows/unlock';

const ZH = {
  title: '通过 CA 解锁',
  intro: 'PIN 被锁住时，可以请 CA 审核后给一个一次性的 16 位解锁授权码，用它在这里设置新的 PIN。事先需要在这支 UKEY 上登记在线解锁。',
  statusRegistered: '这支 UKEY 已登记在线解锁：解锁用的 PUK 由 CA 保管。',
  statusNotRegistered: '这支 UKEY 还没有登记在线解锁。',
  statusUnfinished: '上次登记没有做完（停在：{phase}）。点“继续登记”完成，不会丢失解锁能力。',
  pinBlocked: 'PIN 已被锁住。',
  unblockCodeTries: 'PUK 还可尝试 {n} 次。',
  registerTitle: '登记在线解锁',
  registerIntro: '本应用会在 UKEY 上换一个随机的新 PUK，并把它加密交给 CA 保管。之后忘记 PIN 时，凭 CA 的解锁授权码就能解锁。',
  pinLabel: 'PIN（用于在 UKEY 上签名，不会被保存）',
  currentUnblockCodeLabel: '现在的 PUK（没改过出厂值可以不填）',
  currentUnblockCodeRequiredLabel: '现在的 PUK（必须填写：这支 UKEY 的 PUK 由发证机构设定或已经改过，请填发证时给您的 PUK）',
  revealLabel: '登记后给我看一次新的 PUK（一般不需要，CA 已保管）',
  registerButton: '登记',
  resumeButton: '继续登记',
  requestTitle: '申请解锁',
  requestIntro: '填写在 CA 办理证书（或延期）时登记的联系人姓名和电话，CA 会核对。',
  nameLabel: '联系人姓名',
  phoneLabel: '联系电话',
  requestButton: '提交解锁申请',
  requestFiled: '解锁申请已提交（{time}）。请联系 CA 审核，拿到 16 位解锁授权码后在下面填写。',
  redeemTitle: '输入解锁授权码',
  codeLabel: '解锁授权码（16 位数字，来自 CA）',
  newPinLabel: '新的 PIN（6 到 8 位）',
  confirmPinLabel: '再输一次新的 PIN',
  pinMismatch: '两次输入的新 PIN 不一样。',
  redeemButton: '解锁',
  working: '正在处理，请稍候…',
  stepReleasing: '正在向 CA 取回它保管的 PUK',
  stepUnblocking: '正在 UKEY 上设置新的 PIN',
  stepProgress: '第 {n} 步，共 {m} 步：{text}',
  rotationFailed: '换新 PUK 时出了问题（见下面的说明）。PIN 的解锁不受影响。',
  unlocked: 'PIN 已解锁，新的 PIN 现在可以用了。',
  rotated: '解锁用的 PUK 已换成新的，并重新交给 CA 保管。',
  notRotated: 'PIN 已解锁，但 PUK 还没换新：点“继续登记”并输入新的 PIN 完成。',
  registered: '登记完成：CA 已保管这支 UKEY 的 PUK。',
  shownUnblockCode: '新的 PUK：{code}。它只显示这一次，本应用不保存。',
  codeWrongLeft: '解锁授权码不正确，还可尝试 {n} 次。',
  codeExpired: '解锁授权码已过期，请重新提交解锁申请。',
  requestNumber: '申请编号',
  requestNumberLabel: '申请编号',
  requestCa: '审核这次申请的 CA：{ca}。',
  codeUsedUp: '解锁授权码已用过或次数用完，请重新提交解锁申请。',
  unblockCodeRefused: 'UKEY 没有接受 CA 保管的 PUK（PUK 还可尝试 {n} 次）。本应用不会再试，请联系 CA。',
  unblockCodeNeeded: '这支 UKEY 的 PUK 不是公开的出厂值（由发证机构设定，或已经改过）。本应用不会猜 PUK：请在“现在的 PUK”里填写发证时给您的 PUK，再点“登记”。',
  escrowUnresolved: '上次更换 PUK 时中断了，而这支 UKEY 无法告诉本应用新 PUK 是否已经生效。本应用不会去试 PUK（试错一次就少一次机会）。请联系 CA 处理，不要自己反复尝试 PUK。',
  backToKey: '返回这支 UKEY',
} as const;

type Key = keyof typeof ZH;

const EN: Record<Key, string> = {
  title: 'Unlock through the CA',
  intro: 'When the PIN is blocked, the CA can approve a one-time 16-digit unlock code; enter it here with a new PIN. This UKEY must be registered for online unlock first.',
  statusRegistered: 'This UKEY is registered for online unlock: the CA keeps its PUK.',
  statusNotRegistered: 'This UKEY is not registered for online unlock yet.',
  statusUnfinished: 'The last registration did not finish (stopped at: {phase}). Press Resume registration to finish; nothing is lost.',
  pinBlocked: 'The PIN is blocked.',
  unblockCodeTries: '{n} PUK tries left.',
  registerTitle: 'Register for online unlock',
  registerIntro: 'The app sets a new random PUK on the UKEY and hands it, encrypted, to the CA. If you forget the PIN later, the CA’s unlock code unlocks it.',
  pinLabel: 'PIN (to sign on the UKEY; never saved)',
  currentUnblockCodeLabel: 'Current PUK (leave empty if never changed from the factory value)',
  currentUnblockCodeRequiredLabel: 'Current PUK (required: this UKEY’s PUK was set by its issuer or has been changed; enter the PUK you were given)',
  revealLabel: 'Show me the new PUK once (usually not needed: the CA keeps it)',
  registerButton: 'Register',
  resumeButton: 'Resume registration',
  requestTitle: 'Ask for an unlock',
  requestIntro: 'Enter the contact name and phone given to the CA when the certificate was issued or renewed; the CA checks them.',
  nameLabel: 'Contact name',
  phoneLabel: 'Contact phone',
  requestButton: 'Send the unlock request',
  requestFiled: 'Unlock request sent ({time}). Ask the CA to approve it and enter the 16-digit unlock code below.',
  redeemTitle: 'Enter the unlock code',
  codeLabel: 'Unlock code (16 digits, from the CA)',
  newPinLabel: 'New PIN (6 to 8 characters)',
  confirmPinLabel: 'New PIN again',
  pinMismatch: 'The two new PINs differ.',
  redeemButton: 'Unlock',
  working: 'Working…',
  stepReleasing: 'Fetching the PUK the CA keeps',
  stepUnblocking: 'Setting the new PIN on the UKEY',
  stepProgress: 'Step {n} of {m}: {text}',
  rotationFailed: 'Replacing the PUK ran into a problem (explained below). The PIN unlock stands.',
  unlocked: 'The PIN is unlocked; the new PIN works now.',
  rotated: 'The PUK was replaced by a new one, kept by the CA again.',
  notRotated: 'The PIN is unlocked but the PUK is not replaced yet: press Resume registration with the new PIN.',
  registered: 'Registered: the CA keeps this UKEY’s PUK.',
  shownUnblockCode: 'New PUK: {code}. Shown this once; the app does not keep it.',
  codeWrongLeft: 'Wrong unlock code; {n} attempts left.',
  codeExpired: 'The unlock code has expired; send a new unlock request.',
  requestNumber: 'request number',
  requestNumberLabel: 'Request number',
  requestCa: 'The CA that approves it: {ca}.',
  codeUsedUp: 'The unlock code was used or has no attempts left; send a new unlock request.',
  unblockCodeNeeded: 'This UKEY’s PUK is not a published factory value (its issuer set it, or it was changed). The app never guesses a PUK: enter the PUK you were given in “Current PUK”, then press “Register”.',
  escrowUnresolved: 'The last PUK change was cut off, and this UKEY cannot tell the app whether the new PUK took effect. The app will not try PUKs (each wrong try costs one). Contact the CA; do not try PUKs yourself.',
  unblockCodeRefused: 'The UKEY refused the PUK the CA kept ({n} PUK tries left). The app will not try again; contact the CA.',
  backToKey: 'Back to this UKEY',
};

/** Both tables (tests check zh against the glossary and that each key's placeholders match in English). */
export const UNLOCK_TEXTS: Readonly<Record<Lang, Readonly<Record<Key, string>>>> = { 'zh-CN': ZH, en: EN };

export function ut(lang: Lang, key: Key, params: Readonly<Record<string, string | number>> = {}): string {
  return format(lang === 'zh-CN' ? ZH[key] : EN[key], params);
}

const PHASE_ZH: Record<EscrowPhase, string> = {
  resetting: '正在把 PUK 恢复为出厂值',
  'at-factory': 'PUK 为出厂值，等待登记',
  pending: 'CA 已暂存新 PUK',
  changing: '正在 UKEY 上更换 PUK',
  changed: 'UKEY 已换 PUK，等待 CA 确认',
  committed: '已完成',
  'kept-old': '未改动',
};
const PHASE_EN: Record<EscrowPhase, string> = {
  resetting: 'resetting the PUK to the factory value',
  'at-factory': 'PUK at the factory value, to be registered',
  pending: 'the CA holds the new PUK pending',
  changing: 'changing the PUK on the UKEY',
  changed: 'PUK changed on the UKEY, CA to confirm',
  committed: 'done',
  'kept-old': 'unchanged',
};

export const escrowPhaseText = (lang: Lang, phase: EscrowPhase): string => (lang === 'zh-CN' ? PHASE_ZH : PHASE_EN)[phase];

/** The unlock errors' texts live with the errors (flows/unlock/error-texts.ts, issue 17 §3). */
export { UNLOCK_ERROR_TEXTS } from '../../flows/unlock';
