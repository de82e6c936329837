// The hand-over (code review §4): the client never writes the service worker's database; it POSTs the request
// to a path the service worker answers, and the service worker's own handler stores it. Here the fetch a client
// makes is answered by that handler (as the service worker's fetch event does in the browser; the Chromium run
// is test/e2e/outbox.test.ts); the database is fake-indexeddb.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOutboxDb, type OutboxDb } from '../../../src/sw/outbox/db';
import { DEFAULT_OUTBOX_POLICY } from '../../../src/sw/outbox/entry';
import { answerOutboxRequest, outboxRoute } from '../../../src/sw/outbox/handoff';
import { claimEntry, listEntries, settleEntry } from '../../../src/sw/outbox/store';
import { acknowledgeOutbox, enqueueOutbox, OutboxConflictError, OutboxInputError, OutboxUnavailableError } from '../../../src/sw/client';

const SCOPE = 'http://app.test/';
const TID = 'a1'.repeat(16);
const CA = 'https://ca.example/.well-known/cmp';
let db: OutboxDb;
let serviceWorker = true;
const realFetch = globalThis.fetch;
const hadLocation = 'location' in globalThis;

beforeAll(async () => {
  // The client reads the outbox with the global indexedDB (read-only), as in the browser.
  db = await openOutboxDb();
  if (!hadLocation) Object.defineProperty(globalThis, 'location', { value: new URL(SCOPE), configurable: true });
  globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const route = outboxRoute(request, SCOPE);
    // Without a service worker the request reaches the web server, which knows no such path.
    if (!serviceWorker || !route) return new Response('<!doctype html>', { status: 404, headers: { 'content-type': 'text/html' } });
    return answerOutboxRequest(route, request, db);
  };
});

afterAll(() => {
  globalThis.fetch = realFetch;
  if (!hadLocation) Reflect.deleteProperty(globalThis, 'location');
  db.close();
});

describe('outbox hand-over to the service worker', () => {
  it('routes only POSTs to the two paths under the scope', () => {
    expect(outboxRoute(new Request(`${SCOPE}__outbox/enqueue`, { method: 'POST' }), SCOPE)).toBe('enqueue');
    expect(outboxRoute(new Request(`${SCOPE}__outbox/ack`, { method: 'POST' }), SCOPE)).toBe('acknowledge');
    expect(outboxRoute(new Request(`${SCOPE}__outbox/enqueue`), SCOPE)).toBeNull();
    expect(outboxRoute(new Request('http://other.test/__outbox/enqueue', { method: 'POST' }), SCOPE)).toBeNull();
    expect(outboxRoute(new Request(`${SCOPE}app/__outbox/enqueue`, { method: 'POST' }), SCOPE)).toBeNull();
  });

  it('stores what the client hands over, once; refuses a second body of the transaction and bad input with typed errors', async () => {
    const body = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x07]);
    const first = await enqueueOutbox({ url: CA, body, transactionId: TID, messageWindowMs: 60_000 });
    expect(first).toMatchObject({ state: 'queued', url: CA, transactionIdHex: TID, attempts: 0 });
    expect(first.expiresAt - first.createdAt).toBe(60_000);
    const stored = await listEntries(db);
    expect(stored.map((e) => [e.id, [...new Uint8Array(e.body)]])).toEqual([[first.id, [0x30, 0x03, 0x02, 0x01, 0x07]]]);
    expect((await enqueueOutbox({ url: CA, body, transactionId: TID })).id).toBe(first.id);
    const conflict = await enqueueOutbox({ url: CA, body: new Uint8Array([1]), transactionId: TID }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(OutboxConflictError);
    expect((conflict as OutboxConflictError).transactionIdHex).toBe(TID);
    const bad = await enqueueOutbox({ url: 'ftp://ca.example/', body, transactionId: 'b2'.repeat(16) }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(OutboxInputError);
    expect((bad as OutboxInputError).field).toBe('url');
    expect(await listEntries(db)).toHaveLength(1);
  });

  it('lets the service worker delete an entry only once it is answered', async () => {
    const [entry] = await listEntries(db);
    expect(await acknowledgeOutbox(entry!.id)).toBe(false);
    const claimed = await claimEntry(db, entry!.id, Date.now(), 'sw', DEFAULT_OUTBOX_POLICY);
    expect(claimed.kind).toBe('send');
    await settleEntry(db, entry!.id, 'sw', { kind: 'response', status: 200, headers: { 'content-type': 'application/pkixcmp' }, body: new Uint8Array([9]).buffer }, Date.now(), 0.5, DEFAULT_OUTBOX_POLICY);
    expect(await acknowledgeOutbox(entry!.id)).toBe(true);
    expect(await listEntries(db)).toHaveLength(0);
  });

  it('says so, typed, when no service worker answered (a forced reload): nothing is stored', async () => {
    serviceWorker = false;
    try {
      const error = await enqueueOutbox({ url: CA, body: new Uint8Array([5]), transactionId: 'c3'.repeat(16) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OutboxUnavailableError);
      expect(error).toMatchObject({ status: 404, guideId: 'app-update' });
      expect(await listEntries(db)).toHaveLength(0);
    } finally {
      serviceWorker = true;
    }
  });
});
