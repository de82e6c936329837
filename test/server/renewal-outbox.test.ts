/**
 * Renewal through the outbox (issue 10 §2–§3): with the CA down the kur waits in the outbox (the journal stays
 * at request-built, the run says "wait"); the CA comes up, the outbox's own delivery pass (the service worker's
 * code, here in Node over real HTTP) delivers it once, the next run reads the stored answer; certConf goes the
 * same way; the token ends renewed and the CA holds one transaction with one certificate.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../src/servers/ca-server/http-server';
import { CmpService } from '../../src/servers/ca-server/cmp-service';
import { loadDemoCa } from '../../src/servers/ca-server/demo-material';
import { openRepository } from '../../src/servers/ca-server/open-repository';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useOutboxFactory } from '../../src/sw/client';
import { runRenewal } from '../../src/flows/renewal';
import { openOutboxDb } from '../../src/sw/outbox/db';
import { deliverDue } from '../../src/sw/outbox/deliver';
import { DEFAULT_OUTBOX_POLICY } from '../../src/sw/outbox/entry';
import { outboxSend } from '../../src/worker/renewal-outbox-send';
import { createDeviceService } from '../../src/worker/device-service';
import { DEMO_TOKEN_ID } from '../../src/sources/demo-source';
import { describeUsbDevice, usbSourceDevice } from '../../src/sources/webusb-ccid-source';
import { FACTORY_DEFAULTS } from '../../src/cards/piv/constants';
import { MemoryRenewalJournalStore } from '../../src/flows/renewal/journal';
import { provisionDemoTokenWithCa } from '../../src/virtual/virtual-token/demo';
import { VirtualUsb } from '../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../src/virtual/virtual-token/virtual-usb-device';
import { CrashSwitch, inProcessCa, renewalWorld } from '../unit/renewal/support/virtual-renewal';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  useOutboxFactory(undefined);
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('renewal through the outbox', () => {
  it('CA down → queued → CA up → delivered once → renewed', async () => {
    const factory = new IDBFactory();
    useOutboxFactory(factory);
    const db = await openOutboxDb({ factory });
    cleanups.push(async () => db.close());
    const ca = await inProcessCa();
    cleanups.push(() => ca.close());
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/.well-known/cmp`;
    const posted: string[] = [];
    const fetcher: typeof fetch = async (input, init) => {
      posted.push(String(input));
      return fetch(input, init);
    };
    const deliver = (networkBack = false) => deliverDue({ db, fetch: fetcher, policy: DEFAULT_OUTBOX_POLICY, owner: 'test-sw', networkBack });

    const world = await renewalWorld(undefined, ca);
    let journal = { ...(await world.plan()), caUrl: url };
    await world.store.save(journal);
    const context = async () => ({ ...(await world.context(new CrashSwitch(null, false))), send: outboxSend({ quiet: true }) });

    const queued = await runRenewal(await context(), journal);
    expect(queued.kind).toBe('wait');
    expect(queued.journal.step).toBe('request-built');
    expect((await deliver()).sent).toBe(1); // CA down: a network error, kept for later
    journal = queued.journal;
    expect((await runRenewal(await context(), journal)).kind).toBe('wait'); // same bytes, same entry, still queued

    const http = buildHttpServer({ service: ca.service });
    await http.listen({ port, host: '127.0.0.1' });
    cleanups.push(() => http.close());
    posted.length = 0;
    expect((await deliver(true)).sent).toBe(1);
    const answered = await runRenewal(await context(), journal);
    // The kur's answer is read; the certConf is now queued.
    expect(answered.kind).toBe('wait');
    expect(answered.journal.step).toBe('confirm-built');
    expect((await deliver()).sent).toBe(1);
    const done = await runRenewal(await context(), answered.journal);
    expect(done.kind).toBe('final');
    expect(done.journal.step).toBe('done');
    expect(posted).toHaveLength(2); // kur once, certConf once after the CA came up
    expect(await ca.repository.listTransactions()).toHaveLength(1);
    expect(await ca.repository.listCertificates()).toHaveLength(1);
    expect((await db.getAll('entries')).length).toBe(0); // every answer acknowledged
  });

  it('CA down longer than its message window: the late kur is refused (badTime), rebuilt and re-signed with the PIN, then renewed (issue 15 §3)', async () => {
    const factory = new IDBFactory();
    useOutboxFactory(factory);
    const db = await openOutboxDb({ factory });
    cleanups.push(async () => db.close());
    // The reference CA with a 2-second message window (RFC 9483 §3.1: the window is the CA's policy).
    const dir = mkdtempSync(join(tmpdir(), 'ukey-late-'));
    const repository = await openRepository(dir);
    const service = new CmpService({ ca: await loadDemoCa(dir), repository, policyOverrides: { default: { messageTimeWindowSeconds: 2 } } });
    cleanups.push(async () => {
      await repository.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/.well-known/cmp`;
    const posted: Uint8Array[] = [];
    const fetcher: typeof fetch = async (input, init) => {
      posted.push(new Uint8Array(init!.body as ArrayBuffer));
      return fetch(input, init);
    };
    const deliver = (networkBack = false) => deliverDue({ db, fetch: fetcher, policy: DEFAULT_OUTBOX_POLICY, owner: 'test-sw', networkBack });

    const world = await renewalWorld(undefined, { service, repository, close: async () => undefined });
    let journal = { ...(await world.plan()), caUrl: url };
    await world.store.save(journal);
    const context = async () => ({ ...(await world.context(new CrashSwitch(null, false))), send: outboxSend({ quiet: true, messageWindowMs: 2_000 }) });

    const queued = await runRenewal(await context(), journal);
    expect(queued.journal.step).toBe('request-built');
    const firstKur = queued.journal.pendingRequest!;
    expect((await deliver()).sent).toBe(1); // CA down
    await new Promise((r) => setTimeout(r, 2_600)); // down for longer than the CA's window
    const http = buildHttpServer({ service });
    await http.listen({ port, host: '127.0.0.1' });
    cleanups.push(() => http.close());
    expect((await deliver(true)).sent).toBe(1); // the same bytes, late: the CA answers badTime
    expect((await db.getAll('entries'))[0]).toMatchObject({ state: 'answered' });

    // The user comes back with the key and the PIN: the answer is read, the kur rebuilt and re-signed, queued again.
    journal = queued.journal;
    const rebuilt = await runRenewal(await context(), journal);
    expect(rebuilt.kind).toBe('wait');
    expect(rebuilt.journal.step).toBe('request-built');
    expect(Buffer.from(rebuilt.journal.pendingRequest!).equals(Buffer.from(firstKur))).toBe(false);
    expect((await deliver()).sent).toBe(1);
    const answered = await runRenewal(await context(), rebuilt.journal);
    expect(answered.journal.step).toBe('confirm-built');
    expect((await deliver()).sent).toBe(1);
    const done = await runRenewal(await context(), answered.journal);
    expect(done.journal.step).toBe('done');
    expect(done.journal.failure).toBeUndefined();
    expect(posted).toHaveLength(4); // late kur (refused), rebuilt kur, certConf — plus the attempt while down
    expect(await repository.listCertificates()).toHaveLength(1);
    expect((await db.getAll('entries')).length).toBe(0);
  });

  it('the app composition has no other transfer: startRenewal queues in the outbox and only the outbox sender reaches the CA (issue 15 §3)', async () => {
    const factory = new IDBFactory();
    useOutboxFactory(factory);
    const db = await openOutboxDb({ factory });
    cleanups.push(async () => db.close());
    const ca = await inProcessCa();
    cleanups.push(() => ca.close());
    const http = buildHttpServer({ service: ca.service });
    await http.listen({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => http.close());
    const address = http.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/.well-known/cmp`;
    const outboxPosts: string[] = [];
    const deliver = () => deliverDue({ db, fetch: async (input, init) => (outboxPosts.push(String(input)), fetch(input, init)), policy: DEFAULT_OUTBOX_POLICY, owner: 'test-sw' });
    // Every other fetch of the process is watched: the worker itself must never POST to the CA.
    const direct: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = async (input, init) => {
      if (String(input) === url && !new Error().stack?.includes('attemptDelivery')) direct.push(String(input));
      return realFetch(input, init);
    };
    cleanups.push(async () => void (globalThis.fetch = realFetch));

    const { card, caCertificate } = await provisionDemoTokenWithCa();
    const device = new VirtualUsbDevice(card, { serialNumber: 'DEMO-O' });
    const usb = new VirtualUsb();
    usb.plug(device);
    const service = createDeviceService({
      sources: [],
      loadDemo: async () => usbSourceDevice(usb, device, describeUsbDevice(device, DEMO_TOKEN_ID, 'virtual', true), [caCertificate]),
      renewalJournal: new MemoryRenewalJournalStore(),
    });
    await service.tokens.startDemoToken();
    // The service worker's part, as it runs in the browser: a delivery pass now and then.
    let stop = false;
    const sender = (async () => {
      while (!stop) {
        await deliver();
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    cleanups.push(async () => {
      stop = true;
      await sender;
    });
    let status = await service.renewal.startRenewal({ tokenId: DEMO_TOKEN_ID, keyRef: 0x9a, caUrl: url, pin: FACTORY_DEFAULTS.PIN });
    for (let i = 0; i < 5 && status.step !== 'done'; i++) status = await service.renewal.resumeRenewal({ id: status.id, pin: FACTORY_DEFAULTS.PIN });
    expect(status.step).toBe('done');
    expect(direct).toEqual([]);
    expect(outboxPosts).toEqual([url, url]); // kur and certConf, each once, by the outbox sender
    expect(await ca.repository.listCertificates()).toHaveLength(1);
  }, 60_000);

  it('a CA that refuses even a fresh request as late (a wrong clock) ends the renewal once, without re-signing in a loop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ukey-skew-'));
    const repository = await openRepository(dir);
    const service = new CmpService({ ca: await loadDemoCa(dir), repository, policyOverrides: { default: { messageTimeWindowSeconds: -1 } } });
    cleanups.push(async () => {
      await repository.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const world = await renewalWorld(undefined, { service, repository, close: async () => undefined });
    const journal = await world.plan();
    let exchanges = 0;
    const context = { ...(await world.context(new CrashSwitch(null, false))), send: async (_url: string, der: Uint8Array) => (exchanges++, { kind: 'response' as const, der: await service.handle(der) }) };
    const result = await runRenewal(context, journal);
    expect(result.kind).toBe('final');
    expect(result.journal.step).toBe('failed');
    expect(result.journal.failure).toMatchObject({ code: 'CmpRejectedError', message: expect.stringContaining('older than') as string });
    expect(exchanges).toBe(1);
  });
});
