// The outbox database (issue 10 §3) on fake-indexeddb's factory: enqueue is idempotent, another body under the
// same transactionID is refused, two connections (two tabs / two service workers) claim one entry once, an
// acknowledgement never removes a waiting entry, and an upgrade is never blocked by an open connection.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { OUTBOX_DB_NAME, OUTBOX_DB_VERSION, openOutboxDb } from '../../../src/sw/outbox/db';
import { DEFAULT_OUTBOX_POLICY } from '../../../src/sw/outbox/entry';
import { OutboxConflictError } from '../../../src/sw/outbox/errors';
import { claimEntry, listEntries, removeAcknowledged, settleEntry } from '../../../src/sw/outbox/store';
import {
  acknowledgeOutbox, collectAnswers, describeOutbox, enqueueOutbox, OutboxInputError, useOutboxFactory,
} from '../../../src/sw/client';

const TID = '0102030405060708090a0b0c0d0e0f10';
const URL_ = 'https://ca.example/.well-known/cmp';

afterEach(() => useOutboxFactory(undefined));

describe('outbox store', () => {
  it('enqueues once per request, refuses another body under the same transactionID, copies the body', async () => {
    const factory = new IDBFactory();
    useOutboxFactory(factory);
    const body = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05]);
    const first = await enqueueOutbox({ url: URL_, body, transactionId: TID, now: 1_000, quiet: true });
    body[4] = 0x06; // the caller's buffer changes after enqueue: what is queued must not.
    const again = await enqueueOutbox({ url: URL_, body: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05]), transactionId: TID, now: 2_000, quiet: true });
    expect(again.id).toBe(first.id);
    expect(again.createdAt).toBe(1_000);
    // Another message of the transaction while the first still waits: refused.
    await expect(enqueueOutbox({ url: URL_, body, transactionId: TID, quiet: true })).rejects.toBeInstanceOf(OutboxConflictError);
    const [entry] = await listEntries(await openOutboxDb({ factory }));
    expect([...new Uint8Array(entry!.body)]).toEqual([0x30, 0x03, 0x02, 0x01, 0x05]);
    // id = transactionID ':' SHA-256(body)
    expect(entry!.idempotencyKey).toBe(`${TID}:${Buffer.from(await crypto.subtle.digest('SHA-256', entry!.body)).toString('hex')}`);
    expect(await describeOutbox()).toEqual([
      expect.objectContaining({ state: 'queued', createdAt: 1_000, attempts: 0, nextAttemptAt: 1_000, expiresAt: 1_000 + 10 * 60_000, lastError: null }),
    ]);
  });

  it('checks its input with typed errors', async () => {
    useOutboxFactory(new IDBFactory());
    await expect(enqueueOutbox({ url: 'ftp://x', body: new Uint8Array([1]), transactionId: TID, quiet: true })).rejects.toMatchObject({ name: 'OutboxInputError', field: 'url' });
    await expect(enqueueOutbox({ url: URL_, body: new Uint8Array(), transactionId: TID, quiet: true })).rejects.toBeInstanceOf(OutboxInputError);
    await expect(enqueueOutbox({ url: URL_, body: new Uint8Array([1]), transactionId: 'xyz', quiet: true })).rejects.toMatchObject({ field: 'transactionId' });
  });

  it('lets only one of two connections claim an entry at a time', async () => {
    const factory = new IDBFactory();
    useOutboxFactory(factory);
    const { id } = await enqueueOutbox({ url: URL_, body: new Uint8Array([1, 2, 3]), transactionId: TID, now: 0, quiet: true });
    const [a, b] = await Promise.all([openOutboxDb({ factory }), openOutboxDb({ factory })]);
    const claims = await Promise.all([
      claimEntry(a, id, 10, 'sw-a', DEFAULT_OUTBOX_POLICY),
      claimEntry(b, id, 10, 'sw-b', DEFAULT_OUTBOX_POLICY),
      claimEntry(b, id, 10, 'tab-2', DEFAULT_OUTBOX_POLICY),
    ]);
    expect(claims.filter((c) => c.kind === 'send')).toHaveLength(1);
    expect(claims.filter((c) => c.kind === 'busy')).toHaveLength(2);
    // The holder dies: after the lease, another sender resends the same entry.
    const later = 10 + DEFAULT_OUTBOX_POLICY.leaseMs;
    const reclaimed = await claimEntry(b, id, later, 'sw-b', DEFAULT_OUTBOX_POLICY);
    expect(reclaimed).toMatchObject({ kind: 'send', entry: { attempts: 2, lease: { owner: 'sw-b' }, lastError: { code: 'lease-lapsed' } } });
  });

  it('keeps a waiting entry on acknowledgement; deletes an answered one only after it was collected', async () => {
    const factory = new IDBFactory();
    useOutboxFactory(factory);
    const { id } = await enqueueOutbox({ url: URL_, body: new Uint8Array([1]), transactionId: TID, now: 0, quiet: true });
    expect(await acknowledgeOutbox(id)).toBe(false);
    const db = await openOutboxDb({ factory });
    await claimEntry(db, id, 1, 'sw', DEFAULT_OUTBOX_POLICY);
    expect(await removeAcknowledged(db, id)).toBe(false);
    const answer = new Uint8Array([0x30, 0x00]);
    await settleEntry(db, id, 'sw', { kind: 'response', status: 200, headers: { 'content-type': 'application/pkixcmp' }, body: answer.buffer }, 2, 0.5, DEFAULT_OUTBOX_POLICY);
    const [collected] = await collectAnswers();
    expect(collected).toMatchObject({ id, status: 200, contentType: 'application/pkixcmp', receivedAt: 2 });
    expect([...collected!.body]).toEqual([0x30, 0x00]);
    // The follow-up of the transaction (certConf, pollReq: same transactionID, RFC 9810 §5.1.1) is accepted now.
    const follow = await enqueueOutbox({ url: URL_, body: new Uint8Array([2]), transactionId: TID, now: 3, quiet: true });
    expect(follow.id).not.toBe(id);
    expect(await acknowledgeOutbox(id)).toBe(true);
    expect((await describeOutbox()).map((e) => e.id)).toEqual([follow.id]);
  });

  it('closes on versionchange so an upgrade is not blocked, keeping the entries', async () => {
    const factory = new IDBFactory();
    let closed = 0;
    const db = await openOutboxDb({ factory, onVersionChange: () => (closed += 1) });
    useOutboxFactory(factory);
    await enqueueOutbox({ url: URL_, body: new Uint8Array([9]), transactionId: TID, quiet: true });
    const upgraded = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(OUTBOX_DB_NAME, OUTBOX_DB_VERSION + 1);
      request.onblocked = () => reject(new Error('blocked'));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    expect(closed).toBe(1);
    const count = await new Promise<number>((resolve) => {
      const r = upgraded.transaction('entries').objectStore('entries').count();
      r.onsuccess = () => resolve(r.result);
    });
    expect(count).toBe(1);
    upgraded.close();
    void db;
  });
});

describe('outboxStatusText', () => {
  it('says in zh-CN and English what waits, since when, how often tried and why', async () => {
    const { outboxStatusText } = await import('../../../src/sw/client');
    const base = {
      id: 'x', url: URL_, transactionIdHex: TID, createdAt: Date.UTC(2026, 10, 30, 1, 2), expiresAt: Date.UTC(2026, 10, 30, 1, 12),
      attempts: 3, nextAttemptAt: Date.UTC(2026, 10, 30, 1, 5), answerStatus: null, answeredAt: null,
    };
    const queued = { ...base, state: 'queued' as const, lastError: { code: 'network' as const, status: null, detail: 'TypeError: Failed to fetch', at: 0 } };
    const zh = outboxStatusText(queued, 'zh-CN');
    expect(zh.state).toBe('排队等待发送');
    expect(zh.line).toContain('已尝试 3 次');
    expect(zh.line).toContain('原因：连不上 CA 的服务器');
    expect(zh.detail).toBe('TypeError: Failed to fetch');
    const expired = { ...base, state: 'expired' as const, nextAttemptAt: null, lastError: { code: 'expired' as const, status: null, detail: '', at: 0 } };
    expect(outboxStatusText(expired, 'en')).toMatchObject({ state: 'Expired before delivery', detail: null });
    expect(outboxStatusText(expired, 'en').line).toContain('reason: Past the time the CA allows');
  });
});
