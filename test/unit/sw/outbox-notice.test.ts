// What the dashboard says about the outbox (issue 15 §3): while a renewal request waits, what happens next in the
// user's words (it goes by itself, the app need not stay open); once the CA answered, what to do — and when the
// request arrived after the CA's window, "插入 UKEY 以重新发送".
import { describe, expect, it } from 'vitest';
import type { OutboxEntrySummary } from '../../../src/sw/client/summary';
import { outboxNotice } from '../../../src/sw/client/notice-text';

const T0 = Date.UTC(2026, 11, 6, 1, 0);
const base: OutboxEntrySummary = {
  id: 'aa:bb', url: 'https://ca.example/.well-known/cmp', transactionIdHex: 'aa', state: 'queued', createdAt: T0, expiresAt: T0 + 600_000,
  attempts: 0, nextAttemptAt: T0, lastError: null, answerStatus: null, answeredAt: null,
};

describe('outboxNotice', () => {
  it('says nothing when the outbox is empty', () => {
    expect(outboxNotice([], { now: T0, online: true, lang: 'zh-CN' })).toBeNull();
  });

  it('offline: the request is kept on this computer and goes by itself once online, the app need not be open', () => {
    const notice = outboxNotice([base], { now: T0 + 1_000, online: false, lang: 'zh-CN' })!;
    expect(notice.kind).toBe('waiting');
    expect(notice.text).toContain('已保存在这台电脑上');
    expect(notice.text).toContain('联网后会自动发给 CA');
    expect(notice.text).toContain('不用开着本应用');
    const en = outboxNotice([base], { now: T0 + 1_000, online: false, lang: 'en' })!;
    expect(en.text).toMatch(/saved on this computer.*sent to the CA automatically once you are online.*need not be open/s);
  });

  it('online but the CA unreachable: says why and that it keeps trying', () => {
    const tried = { ...base, attempts: 3, lastError: { code: 'network' as const, status: null, detail: 'TypeError', at: T0 } };
    const notice = outboxNotice([tried], { now: T0 + 1_000, online: true, lang: 'zh-CN' })!;
    expect(notice.text).toContain('连不上 CA 的服务器');
    expect(notice.text).toContain('会自动重试');
  });

  it('past the CA window while waiting: warns that the UKEY may be needed to re-send', () => {
    const notice = outboxNotice([base], { now: T0 + 700_000, online: false, lang: 'zh-CN' })!;
    expect(notice.text).toContain('插入 UKEY 以重新发送');
  });

  it('answered in time: insert the UKEY and enter the PIN to install; answered late: 插入 UKEY 以重新发送', () => {
    const answered = { ...base, state: 'answered' as const, answerStatus: 200, answeredAt: T0 + 60_000, nextAttemptAt: null };
    const inTime = outboxNotice([base, answered], { now: T0 + 70_000, online: true, lang: 'zh-CN' })!;
    expect(inTime.kind).toBe('answered');
    expect(inTime.text).toContain('CA 已答复');
    expect(inTime.text).toContain('插入 UKEY');
    expect(inTime.text).toContain('PIN');
    const late = outboxNotice([{ ...answered, answeredAt: T0 + 900_000 }], { now: T0 + 900_000, online: true, lang: 'zh-CN' })!;
    expect(late.kind).toBe('resend');
    expect(late.text).toContain('插入 UKEY 以重新发送');
    expect(outboxNotice([{ ...answered, answeredAt: T0 + 900_000 }], { now: T0 + 900_000, online: true, lang: 'en' })!.text).toContain('Insert the UKEY to send it again');
  });

  it('answered in time by the clock but refused as late by the CA (its window is shorter): 插入 UKEY 以重新发送', () => {
    const answered = { ...base, state: 'answered' as const, answerStatus: 200, answeredAt: T0 + 60_000, nextAttemptAt: null };
    const notice = outboxNotice([answered], { now: T0 + 70_000, online: true, lang: 'zh-CN', refusedAsLate: new Set([answered.id]) })!;
    expect(notice.kind).toBe('resend');
    expect(notice.text).toContain('插入 UKEY 以重新发送');
  });

  it('refused by a non-CMP server: not delivered, with the reason', () => {
    const failed = { ...base, state: 'failed' as const, nextAttemptAt: null, lastError: { code: 'http-refused' as const, status: 404, detail: 'HTTP 404 text/html', at: T0 } };
    const notice = outboxNotice([failed], { now: T0, online: true, lang: 'zh-CN' })!;
    expect(notice.kind).toBe('failed');
    expect(notice.text).toContain('没有送达');
    expect(notice.text).toContain('拒绝');
  });
});
