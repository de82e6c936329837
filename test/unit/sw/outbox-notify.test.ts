// The notification the service worker shows when the CA's answer is stored while no app window is visible
// (issue 15 §3): words for an answer and for a refusal, zh-CN for a Chinese browser, English otherwise; nothing
// for an entry that still waits.
import { describe, expect, it } from 'vitest';
import { createEntry } from '../../../src/sw/outbox/state-machine';
import { notificationFor } from '../../../src/sw/outbox/notify';

const queued = createEntry({
  url: 'https://ca.example/', body: new Uint8Array([1]).buffer, contentType: 'application/pkixcmp', transactionIdHex: '01', bodySha256Hex: '02', createdAt: 0, expiresAt: 1,
});

describe('notificationFor', () => {
  it('says the CA answered and what to do, in the browser’s language', () => {
    const answered = { ...queued, state: 'answered' as const };
    expect(notificationFor(answered, 'zh-CN')).toEqual({ title: 'CA 已答复证书延期请求', body: expect.stringContaining('插入 UKEY 并输入 PIN') as string });
    expect(notificationFor(answered, 'zh')?.title).toBe('CA 已答复证书延期请求');
    expect(notificationFor(answered, 'en-US')?.body).toContain('insert the UKEY and enter the PIN');
  });

  it('says a refused request was not delivered; nothing while an entry waits', () => {
    expect(notificationFor({ ...queued, state: 'failed' }, 'zh-CN')?.title).toBe('证书延期请求没有送达');
    expect(notificationFor(queued, 'zh-CN')).toBeNull();
    expect(notificationFor({ ...queued, state: 'sending' }, 'en')).toBeNull();
  });
});
