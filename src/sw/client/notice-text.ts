/**
 * The dashboard's sentence about queued renewal requests (issue 15 §3): what happens next, in the user's words —
 * it goes by itself, the app need not stay open — and, once the CA answered, what the user does. An answer that
 * arrived after the CA's message window (RFC 9483 §3.1) was probably refused as late: the request must be signed
 * again with the key ("插入 UKEY 以重新发送"). zh-CN first.
 */
import { fill as format, type Lang } from './words';
import type { OutboxEntrySummary } from './summary';
import { outboxReasonText } from './status-text';

export type OutboxNoticeKind = 'waiting' | 'answered' | 'resend' | 'failed';

export interface OutboxNotice {
  readonly kind: OutboxNoticeKind;
  readonly text: string;
}

const TEXT: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  'zh-CN': {
    waitingOffline: '电脑离线。证书延期请求已保存在这台电脑上（自 {time} 起），联网后会自动发给 CA，不用开着本应用；CA 答复后，这里会提示你插入 UKEY 完成安装。',
    waitingOnline: '证书延期请求已保存在这台电脑上（自 {time} 起）。{reason}。{next}会自动重试，不会重复申请，也不用开着本应用；CA 答复后，这里会提示你插入 UKEY 完成安装。',
    waitingSending: '证书延期请求已保存在这台电脑上（自 {time} 起），正在发给 CA。不用开着本应用；CA 答复后，这里会提示你插入 UKEY 完成安装。',
    late: '请求已超过 CA 允许的等待时间：送达后 CA 若要求重新签名，请插入 UKEY 以重新发送。',
    answered: 'CA 已答复证书延期请求。插入 UKEY，打开这支 UKEY 的证书延期页面并输入 PIN，完成新证书的安装。',
    resend: '证书延期请求送达时已超过 CA 允许的时间。插入 UKEY 以重新发送：打开这支 UKEY 的证书延期页面并输入 PIN。',
    failed: '证书延期请求没有送达：{reason}。打开这支 UKEY 的证书延期页面查看并重新开始。',
  },
  en: {
    waitingOffline: 'This computer is offline. Your renewal request is saved on this computer (since {time}). It will be sent to the CA automatically once you are online; the app need not be open. When the CA answers, this page will ask you to insert the UKEY to finish.',
    waitingOnline: 'Your renewal request is saved on this computer (since {time}). {reason}. It tries again by itself{next}, never files it twice, and the app need not be open. When the CA answers, this page will ask you to insert the UKEY to finish.',
    waitingSending: 'Your renewal request is saved on this computer (since {time}) and is being sent to the CA; the app need not be open. When the CA answers, this page will ask you to insert the UKEY to finish.',
    late: 'The request has waited longer than the CA allows: if the CA asks for a new signature, insert the UKEY to send it again.',
    answered: 'The CA has answered your renewal request. Insert the UKEY, open its certificate renewal page and enter the PIN to install the new certificate.',
    resend: 'Your renewal request reached the CA after the time it allows. Insert the UKEY to send it again: open its certificate renewal page and enter the PIN.',
    failed: 'Your renewal request was not delivered: {reason}. Open the UKEY’s certificate renewal page to see why and start again.',
  },
};

/** The offer to be told by a system notification when the CA answers (asked only on a click). */
export const NOTIFY_OFFER: Readonly<Record<Lang, { readonly button: string; readonly on: string }>> = {
  'zh-CN': { button: 'CA 答复时通知我', on: 'CA 答复时会弹出系统通知。' },
  en: { button: 'Notify me when the CA answers', on: 'A system notification will tell you when the CA answers.' },
};

export interface NoticeContext {
  readonly now: number;
  readonly online: boolean;
  readonly lang: Lang;
  /** Answered entries whose answer refuses them as late (ui/renewal/late-answer.ts): the CA's window may be shorter than ours. */
  readonly refusedAsLate?: ReadonlySet<string>;
}

/** "09:05 左右" / " (next around 09:05)": when the service worker's next automatic try is planned. */
function nextTry(entry: OutboxEntrySummary, lang: Lang): string {
  if (entry.nextAttemptAt === null) return '';
  const time = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' }).format(entry.nextAttemptAt);
  return lang === 'zh-CN' ? `${time} 左右` : ` (next around ${time})`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One sentence for the most pressing entry: an answer to act on first, then a refusal, then what waits. */
export function outboxNotice(entries: readonly OutboxEntrySummary[], context: NoticeContext): OutboxNotice | null {
  const words = TEXT[context.lang];
  const answered = entries.find((e) => e.state === 'answered');
  if (answered) {
    const late = context.refusedAsLate?.has(answered.id) === true || (answered.answeredAt !== null && answered.answeredAt > answered.expiresAt);
    return late ? { kind: 'resend', text: words.resend! } : { kind: 'answered', text: words.answered! };
  }
  const failed = entries.find((e) => e.state === 'failed');
  if (failed) {
    const reason = failed.lastError ? outboxReasonText(failed.lastError.code, context.lang, context.online) : '';
    return { kind: 'failed', text: format(words.failed!, { reason }) };
  }
  const waiting = entries.find((e) => e.state === 'queued' || e.state === 'sending');
  if (!waiting) return null;
  const time = new Intl.DateTimeFormat(context.lang, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(waiting.createdAt);
  let text: string;
  if (!context.online) text = format(words.waitingOffline!, { time });
  else if (waiting.state === 'sending' || !waiting.lastError) text = format(words.waitingSending!, { time });
  else text = format(words.waitingOnline!, { time, reason: capitalise(outboxReasonText(waiting.lastError.code, context.lang, context.online)), next: nextTry(waiting, context.lang) });
  if (context.now > waiting.expiresAt) text = `${text}${context.lang === 'zh-CN' ? '' : ' '}${words.late!}`;
  return { kind: 'waiting', text };
}
