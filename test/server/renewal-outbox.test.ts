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
import { useOutboxFactory } from '../../src/sw/client';
import { runRenewal } from '../../src/flows/renewal';
import { openOutboxDb } from '../../src/sw/outbox/db';
import { deliverDue } from '../../src/sw/outbox/deliver';
import { DEFAULT_OUTBOX_POLICY } from '../../src/sw/outbox/entry';
import { outboxSend } from '../../src/worker/renewal-outbox-send';
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
});
