// The outbox's reason in the user's words (issue 16 §2, UX walk finding 5): a network failure while the computer
// is online is "CA 暂时无法访问", never "可能没有联网"; offline is "电脑离线"; and the dashboard's notice says what
// happens next (the next automatic try) in a sentence.
import { describe, expect, it } from 'vitest';
import type { OutboxEntrySummary } from '../../../src/sw/client/summary';
import { outboxReasonText, outboxStatusText } from '../../../src/sw/client/status-text';
import { outboxNotice } from '../../../src/sw/client/notice-text';

const T0 = Date.UTC(2026, 11, 6, 1, 0);
const tried: OutboxEntrySummary = {
  id: 'aa:bb', url: 'https://ca.example/.well-known/cmp', transactionIdHex: 'aa', state: 'queued', createdAt: T0, expiresAt: T0 + 3_600_000,
  attempts: 2, nextAttemptAt: T0 + 120_000, lastError: { code: 'network', status: null, detail: 'TypeError: Failed to fetch', at: T0 }, answerStatus: null, answeredAt: null,
};

describe('outboxReasonText for a network failure', () => {
  it('online: the CA cannot be reached right now — no "maybe offline"', () => {
    const zh = outboxReasonText('network', 'zh-CN', true);
    expect(zh).toContain('CA 暂时无法访问');
    expect(zh).not.toContain('没有联网');
    expect(zh).not.toContain('离线');
    const en = outboxReasonText('network', 'en', true);
    expect(en).toContain('temporarily unreachable');
    expect(en).not.toMatch(/offline/i);
  });

  it('offline: this computer is offline', () => {
    expect(outboxReasonText('network', 'zh-CN', false)).toContain('电脑离线');
    expect(outboxReasonText('network', 'zh-CN', false)).not.toContain('CA 暂时无法访问');
    expect(outboxReasonText('network', 'en', false)).toContain('offline');
  });

  it('unknown connectivity: names both, guesses neither', () => {
    const zh = outboxReasonText('network', 'zh-CN');
    expect(zh).toContain('CA 暂时无法访问');
    expect(zh).toContain('电脑离线');
    expect(zh).not.toContain('可能没有联网');
  });
});

describe('the dashboard notice while the CA is down and the computer is online', () => {
  it('zh-CN: "CA 暂时无法访问", the next automatic try, the app need not be open', () => {
    const notice = outboxNotice([tried], { now: T0 + 1_000, online: true, lang: 'zh-CN' })!;
    expect(notice.kind).toBe('waiting');
    expect(notice.text).toContain('CA 暂时无法访问');
    expect(notice.text).not.toContain('没有联网');
    const next = new Intl.DateTimeFormat('zh-CN', { hour: '2-digit', minute: '2-digit' }).format(T0 + 120_000);
    expect(notice.text).toContain(`${next} 左右会自动重试`);
    expect(notice.text).toContain('不用开着本应用');
  });

  it('en: temporarily unreachable, the next try, no "you may be offline"', () => {
    const notice = outboxNotice([tried], { now: T0 + 1_000, online: true, lang: 'en' })!;
    expect(notice.text).toContain('temporarily unreachable');
    expect(notice.text).not.toMatch(/may be offline/);
    expect(notice.text).toMatch(/tries again by itself \(next around [^)]+\)/);
  });

  it('offline: "电脑离线" and it goes once online, never "CA 暂时无法访问"', () => {
    const notice = outboxNotice([tried], { now: T0 + 1_000, online: false, lang: 'zh-CN' })!;
    expect(notice.text).toContain('电脑离线');
    expect(notice.text).toContain('联网后会自动发给 CA');
    expect(notice.text).not.toContain('CA 暂时无法访问');
  });
});

describe('outboxStatusText', () => {
  it('takes the connectivity into its reason', () => {
    expect(outboxStatusText(tried, 'zh-CN', true).line).toContain('原因：CA 暂时无法访问');
    expect(outboxStatusText(tried, 'zh-CN', false).line).toContain('原因：电脑离线');
  });
});
