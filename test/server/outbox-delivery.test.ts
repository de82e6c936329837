// The outbox's sender (issue 10 §3) against real HTTP peers: a node:http server that answers 500, 503, 429 +
// Retry-After, cuts the connection mid-response, refuses with 404, and counts requests and issued answers per
// Idempotency-Key (a duplicate gets the stored bytes, as the CA does); then one real kur through the reference CA.
// IndexedDB is fake-indexeddb here (the browser's is exercised by test/e2e/outbox.test.ts); fetch is Node's own.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildCertConf, buildCertRequest, verifyCmpResponse } from '../../src/shared/cmp';
import { MemoryTrustStore } from '../../src/shared/pki/trust-store';
import { acknowledgeOutbox, collectAnswers, describeOutbox, enqueueOutbox, useOutboxFactory } from '../../src/sw/client';
import { openOutboxDb, type OutboxDb } from '../../src/sw/outbox/db';
import { attemptDelivery, deliverDue } from '../../src/sw/outbox/deliver';
import { DEFAULT_OUTBOX_POLICY, type OutboxPolicy } from '../../src/sw/outbox/entry';
import { claimEntry, getEntry } from '../../src/sw/outbox/store';
import { issue, softwareKey, startCa, type RunningCa } from '../unit/cmp/support/ca-fixture';

type Step = 500 | 503 | '429' | 'cut' | 404 | 'cmp-400' | 'hold' | 200;

/** A CA stand-in: per Idempotency-Key, the first request that gets past the scripted faults "issues" an answer
 * (random bytes) and stores it; every later request for that key gets those bytes again. */
class ScriptedPeer {
  readonly requests = new Map<string, number>();
  readonly issued = new Map<string, Uint8Array>();
  readonly bodies = new Map<string, Buffer[]>();
  script: Step[] = [];
  held: ServerResponse[] = [];
  private server: Server | null = null;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/.well-known/cmp`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const key = String(req.headers['idempotency-key'] ?? '');
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    this.bodies.set(key, [...(this.bodies.get(key) ?? []), Buffer.concat(chunks)]);
    const step = this.script.shift() ?? 200;
    if (step === 500 || step === 503 || step === 404) {
      res.writeHead(step, { 'content-type': 'text/plain', ...(step === 503 ? { 'retry-after': '0' } : {}) }).end('no');
      return;
    }
    if (step === '429') {
      res.writeHead(429, { 'retry-after': '7' }).end();
      return;
    }
    const answer = this.issued.get(key) ?? new Uint8Array(randomBytes(300));
    this.issued.set(key, answer);
    if (step === 'cut') {
      // Processed and stored, but the answer never arrives whole.
      res.writeHead(200, { 'content-type': 'application/pkixcmp', 'content-length': String(answer.length) });
      res.write(answer.subarray(0, 20));
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    if (step === 'hold') {
      this.held.push(res);
      return;
    }
    res.writeHead(step === 'cmp-400' ? 400 : 200, { 'content-type': 'application/pkixcmp' }).end(answer);
  }
}

const peer = new ScriptedPeer();
let factory: IDBFactory;
let db: OutboxDb;
let clock = Date.UTC(2026, 10, 30, 9, 0, 0);
const POLICY: OutboxPolicy = { ...DEFAULT_OUTBOX_POLICY, fetchTimeoutMs: 10_000, leaseMs: 15_000 };
const pass = (owner = 'sw-1', on: OutboxDb = db) => deliverDue({ db: on, fetch, policy: POLICY, owner, now: () => clock, random: () => 0.5 });

beforeAll(() => peer.start());
afterAll(() => peer.stop());
afterEach(() => useOutboxFactory(undefined));

async function freshOutbox(): Promise<void> {
  factory = new IDBFactory();
  useOutboxFactory(factory);
  db = await openOutboxDb({ factory });
}

async function enqueue(windowMs = 3_600_000) {
  return enqueueOutbox({ url: peer.url, body: new Uint8Array(randomBytes(200)), transactionId: new Uint8Array(randomBytes(16)), messageWindowMs: windowMs, now: clock, quiet: true });
}

describe('outbox sender against a real HTTP peer', () => {
  it('retries 500, 503, 429 (Retry-After) and a cut answer, then stores the answer byte for byte, issued once', async () => {
    await freshOutbox();
    const queued = await enqueue();
    const key = `"${queued.id}"`;
    peer.script = [500, 503, '429', 'cut', 200];
    const seen: Array<[string | undefined, number | null]> = [];
    for (let i = 0; i < 5; i += 1) {
      const report = await pass();
      expect(report.sent).toBe(1);
      const [entry] = await describeOutbox();
      seen.push([entry!.lastError?.code, entry!.lastError?.status ?? null]);
      if (entry!.state === 'queued') {
        if (i === 2) expect(entry!.nextAttemptAt).toBe(clock + 7_000); // Retry-After: 7
        expect(report.nextDueAt).toBe(entry!.nextAttemptAt);
        clock = entry!.nextAttemptAt!;
      }
    }
    expect(seen.slice(0, 4)).toEqual([['http-retry', 500], ['http-retry', 503], ['http-retry', 429], ['network', null]]);
    const [entry] = await describeOutbox();
    expect(entry).toMatchObject({ state: 'answered', attempts: 5, answerStatus: 200 });
    const [answer] = await collectAnswers();
    expect(Buffer.from(answer!.body).equals(Buffer.from(peer.issued.get(key)!))).toBe(true);
    expect(peer.requests.get(key)).toBe(5);
    // Every attempt carried the same body.
    const bodies = peer.bodies.get(key)!;
    for (const body of bodies) expect(body.equals(Buffer.from(answer!.request))).toBe(true);
    // Nothing further is sent for an answered entry.
    expect((await pass()).sent).toBe(0);
    expect(peer.requests.get(key)).toBe(5);
  });

  it('resends after a sender died mid-fetch only once its lease lapsed; the peer answers the stored bytes', async () => {
    await freshOutbox();
    const queued = await enqueue();
    const key = `"${queued.id}"`;
    peer.script = ['hold'];
    const claimed = await claimEntry(db, queued.id, clock, 'sw-killed', POLICY);
    if (claimed.kind !== 'send') throw new Error(claimed.kind);
    const killed = new AbortController();
    const dying = attemptDelivery(claimed.entry, (input, init) => fetch(input, { ...init, signal: killed.signal }), POLICY.fetchTimeoutMs);
    while ((peer.requests.get(key) ?? 0) === 0) await new Promise((r) => setTimeout(r, 10));
    killed.abort(); // the service worker is killed: its fetch ends and nothing is written.
    expect((await dying).kind).toBe('network');
    peer.held.splice(0).forEach((res) => res.destroy());
    // A new service worker (or another tab) before the lease ends: no second fetch.
    expect(await pass('sw-new')).toMatchObject({ sent: 0, pending: 1 });
    expect(peer.requests.get(key)).toBe(1);
    clock += POLICY.leaseMs;
    expect((await pass('sw-new')).sent).toBe(1);
    const entry = await getEntry(db, queued.id);
    expect(entry).toMatchObject({ state: 'answered', attempts: 2 });
    expect(Buffer.from(entry!.response!.body).equals(Buffer.from(peer.issued.get(key)!))).toBe(true);
    expect(peer.requests.get(key)).toBe(2);
    expect(peer.bodies.get(key)![0]!.equals(peer.bodies.get(key)![1]!)).toBe(true);
  });

  it('two senders on two connections (two tabs, old and new service worker) fetch an entry once', async () => {
    await freshOutbox();
    const entries = await Promise.all([enqueue(), enqueue(), enqueue()]);
    peer.script = [];
    const other = await openOutboxDb({ factory });
    const reports = await Promise.all([pass('sw-a', db), pass('sw-b', other), pass('tab-c', other)]);
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(3);
    for (const entry of entries) expect(peer.requests.get(`"${entry.id}"`)).toBe(1);
    expect((await describeOutbox()).map((e) => e.state)).toEqual(['answered', 'answered', 'answered']);
  });

  it('ends a non-CMP 404 as failed with the reason, stores a protected CMP error (400) as an answer', async () => {
    await freshOutbox();
    peer.script = [404];
    const refused = await enqueue();
    await pass();
    expect(await describeOutbox()).toEqual([expect.objectContaining({ id: refused.id, state: 'failed', lastError: expect.objectContaining({ code: 'http-refused', status: 404, detail: 'HTTP 404 text/plain' }) })]);
    await freshOutbox();
    peer.script = ['cmp-400'];
    const cmpError = await enqueue();
    await pass();
    const [answer] = await collectAnswers();
    expect(answer).toMatchObject({ id: cmpError.id, status: 400, contentType: 'application/pkixcmp' });
  });

  it('keeps an entry through a week with the network down, far past its message window, then delivers it (issue 15 §3)', async () => {
    await freshOutbox();
    const down = await enqueueOutbox({ url: 'http://127.0.0.1:9/.well-known/cmp', body: new Uint8Array([1, 2]), transactionId: 'aa'.repeat(16), messageWindowMs: 60_000, now: clock, quiet: true });
    let report = await pass();
    expect((await describeOutbox())[0]).toMatchObject({ state: 'queued', attempts: 1, lastError: { code: 'network' } });
    const weekLater = clock + 7 * 86_400_000;
    while (report.nextDueAt !== null && clock < weekLater) {
      clock = report.nextDueAt;
      report = await pass();
    }
    const [waiting] = await describeOutbox();
    expect(waiting).toMatchObject({ id: down.id, state: 'queued', lastError: { code: 'network' } });
    expect(waiting!.attempts).toBeGreaterThan(30);
    // Backoff stays capped: the next try is never more than maxDelayMs away.
    expect(report.nextDueAt! - clock).toBeLessThanOrEqual(POLICY.maxDelayMs);
    // The network is back (another URL stands for the route that now works): the same entry goes out and is answered.
    const tx = db.transaction('entries', 'readwrite');
    await tx.store.put({ ...(await tx.store.get(down.id))!, url: peer.url });
    await tx.done;
    peer.script = [];
    clock = report.nextDueAt!;
    expect((await pass()).sent).toBe(1);
    expect((await describeOutbox())[0]).toMatchObject({ id: down.id, state: 'answered', answerStatus: 200 });
    expect(peer.requests.get(`"${down.id}"`)).toBe(1);
  });
});

describe('outbox sender against the reference CA (src/servers/ca-server)', () => {
  let ca: RunningCa;
  beforeAll(async () => {
    ca = await startCa();
  });
  afterAll(async () => {
    await ca?.close();
  });

  it('delivers a real kur and stores the kup, which verifies; the same request enqueued again is the same entry; then the certConf', async () => {
    await freshOutbox();
    const old = await softwareKey();
    const cert = await issue(ca, old.spki);
    const next = await softwareKey();
    const request = await buildCertRequest({
      kind: 'kur', signerCertificate: cert.der, chain: [ca.ca.caCertificate], newPublicKey: next.spki, newKeySigner: next.signer, protectionSigner: old.signer,
    });
    const url = `${ca.url}/.well-known/cmp/p/default/keyupdate`;
    const queued = await enqueueOutbox({ url, body: request.der, transactionId: request.transaction.transactionId, quiet: true });
    // Real time here: the CA checks the message time (RFC 9483 §3.1).
    expect((await deliverDue({ db, fetch, policy: POLICY, owner: 'sw-ca' })).sent).toBe(1);
    const again = await enqueueOutbox({ url, body: request.der, transactionId: request.transaction.transactionId, quiet: true });
    expect(again).toMatchObject({ id: queued.id, state: 'answered' });
    const [answer] = await collectAnswers();
    const outcome = await verifyCmpResponse(answer!.body, {
      transaction: request.transaction, caCmpCertificate: ca.ca.cmpCertificate, newPublicKey: next.spki,
      trustStore: new MemoryTrustStore([{ der: ca.ca.caCertificate, anchor: true }]),
    });
    if (outcome.kind !== 'certificate') throw new Error(outcome.kind);
    const tid = Buffer.from(request.transaction.transactionId).toString('hex');
    expect((await ca.repository.listCertificates()).filter((c) => c.transactionId === tid)).toHaveLength(1);
    expect(await acknowledgeOutbox(queued.id)).toBe(true);

    // The certConf follow-up: same transactionID, its own entry, delivered and confirmed.
    const conf = await buildCertConf({
      sender: { certificate: cert.der, chain: [ca.ca.caCertificate], signer: old.signer }, transaction: outcome.transaction,
      certificate: outcome.certificate, verdict: { accept: true },
    });
    const confEntry = await enqueueOutbox({ url, body: conf.der, transactionId: conf.transaction.transactionId, quiet: true });
    expect((await deliverDue({ db, fetch, policy: POLICY, owner: 'sw-ca' })).sent).toBe(1);
    const [pkiconf] = await collectAnswers();
    expect(pkiconf!.id).toBe(confEntry.id);
    expect((await verifyCmpResponse(pkiconf!.body, { transaction: conf.transaction, caCmpCertificate: ca.ca.cmpCertificate })).kind).toBe('confirmed');
    expect((await ca.repository.findCertificateOfTransaction(tid))?.status).toBe('confirmed');
  });
});
