/**
 * The outbox in the user's words (issue 10 §3: "the app shows what is queued and since when"; an expiry is
 * shown, never silent). zh-CN first. A UI component may use these lines as they are or take the summary's fields.
 */
import { fill as format, type Lang } from './words';
import type { OutboxError, OutboxState } from '../outbox/entry';
import type { OutboxEntrySummary } from './summary';

type StateTexts = Readonly<Record<OutboxState, string>>;
type ReasonTexts = Readonly<Record<OutboxError['code'], string>>;

const STATE: Readonly<Record<Lang, StateTexts>> = {
  'zh-CN': {
    queued: '排队等待发送',
    sending: '正在发送',
    answered: 'CA 已答复',
    failed: '发送失败',
    expired: '已过期，未送达',
  },
  en: {
    queued: 'Waiting to be sent',
    sending: 'Sending',
    answered: 'The CA has answered',
    failed: 'Could not be sent',
    expired: 'Expired before delivery',
  },
};

const REASON: Readonly<Record<Lang, ReasonTexts>> = {
  'zh-CN': {
    network: '连不上 CA 的服务器：CA 暂时无法访问，或这台电脑离线',
    'http-retry': 'CA 的服务器暂时忙或出错',
    'not-cmp': '收到的不是 CA 的答复（可能需要先登录本地网络）',
    'http-refused': 'CA 的服务器拒绝了这个请求',
    'too-many-attempts': '多次尝试都没有送达',
    expired: '超过了 CA 允许的时间，需要重新发起',
    'lease-lapsed': '上次发送被中断，已重新发送',
  },
  en: {
    network: 'The CA’s server could not be reached: the CA is temporarily unreachable, or this computer is offline',
    'http-retry': 'The CA’s server is busy or had an error',
    'not-cmp': 'The answer did not come from the CA (a network login page?)',
    'http-refused': 'The CA’s server refused the request',
    'too-many-attempts': 'Many attempts, none delivered',
    expired: 'Past the time the CA allows: start again',
    'lease-lapsed': 'The last send was interrupted and has been repeated',
  },
};

const LINE: Readonly<Record<Lang, { since: string; attempts: string; next: string; reason: string }>> = {
  'zh-CN': { since: '自 {time} 起', attempts: '已尝试 {n} 次', next: '下次尝试：{time}', reason: '原因：{reason}' },
  en: { since: 'since {time}', attempts: '{n} attempts', next: 'next try: {time}', reason: 'reason: {reason}' },
};

/**
 * A fetch that failed without an HTTP answer (Fetch §4.1 network error) cannot say whether the computer or the CA
 * is off the network; navigator.onLine can (HTML §8.9.2: false means certainly offline). Issue 16 §2: tell
 * "CA 暂时无法访问" apart from "电脑离线", never "maybe offline" while the computer is online.
 */
const NETWORK: Readonly<Record<Lang, { readonly online: string; readonly offline: string }>> = {
  'zh-CN': { online: 'CA 暂时无法访问：这台电脑已联网，但连不上 CA 的服务器', offline: '电脑离线' },
  en: { online: 'the CA is temporarily unreachable: this computer is online, but the CA’s server does not answer', offline: 'this computer is offline' },
};

/** Why an entry waits or ended, in the user's words; `online` (navigator.onLine) when the caller knows it. */
export function outboxReasonText(code: OutboxError['code'], lang: Lang, online?: boolean): string {
  if (code === 'network' && online !== undefined) return NETWORK[lang][online ? 'online' : 'offline'];
  return REASON[lang][code];
}

export interface OutboxStatusText {
  readonly state: string;
  /** e.g. "排队等待发送 · 自 11/30 09:02 起 · 已尝试 3 次 · 下次尝试：09:05 · 原因：连不上 CA 的服务器…" */
  readonly line: string;
  /** The technical detail (HTTP status, error message) for 技术详情, or null. */
  readonly detail: string | null;
}

export function outboxStatusText(entry: OutboxEntrySummary, lang: Lang, online?: boolean): OutboxStatusText {
  const when = new Intl.DateTimeFormat(lang, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const t = LINE[lang];
  const parts = [STATE[lang][entry.state], format(t.since, { time: when.format(entry.createdAt) })];
  if (entry.attempts > 0) parts.push(format(t.attempts, { n: entry.attempts }));
  if (entry.nextAttemptAt !== null && entry.attempts > 0) parts.push(format(t.next, { time: when.format(entry.nextAttemptAt) }));
  if (entry.lastError && entry.state !== 'answered') parts.push(format(t.reason, { reason: outboxReasonText(entry.lastError.code, lang, online) }));
  return { state: STATE[lang][entry.state], line: parts.join(' · '), detail: entry.lastError?.detail || null };
}
