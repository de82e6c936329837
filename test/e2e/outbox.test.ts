/**
 * The service-worker outbox in Chromium (issue 10 §3), on the built app: a request enqueued from the page while
 * the CA is down stays queued across a page reload and a service-worker restart; once the CA is back it is
 * delivered exactly once (counted by the server) and the page collects the answer. A service worker killed
 * mid-send (CDP ServiceWorker.stopAllWorkers) leads to one idempotent resend after its lease, never a parallel
 * one. The page uses src/sw/client, bundled for the test; it hands requests to the service worker, which alone
 * writes its database (code review §4).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { CDPSession, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort, launchBrowser, REPO_ROOT, startPreviewServer, waitForServiceWorkerControl, type LaunchedBrowser, type PreviewServer,
} from './support';
import type * as OutboxClient from '../../src/sw/client';

declare global {
  interface Window {
    UKeyOutbox: typeof OutboxClient;
  }
}

/** The CA's stand-in: CORS for the app, per Idempotency-Key it counts arrivals, fetches in flight at once, and
 * issues an answer once (a duplicate gets the stored bytes, as src/servers/ca-server does). */
class CountingCa {
  readonly received = new Map<string, number>();
  readonly issued = new Map<string, Buffer>();
  readonly issuedCount = new Map<string, number>();
  readonly inFlight = new Map<string, number>();
  readonly maxInFlight = new Map<string, number>();
  holdNext = false;
  readonly held: ServerResponse[] = [];
  private server: Server | null = null;

  constructor(readonly port: number, readonly appOrigin: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/.well-known/cmp`;
  }

  async start(): Promise<void> {
    if (this.server) return;
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('access-control-allow-origin', this.appOrigin);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type, idempotency-key' }).end();
      return;
    }
    const key = String(req.headers['idempotency-key'] ?? '');
    this.received.set(key, (this.received.get(key) ?? 0) + 1);
    this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    this.maxInFlight.set(key, Math.max(this.maxInFlight.get(key) ?? 0, this.inFlight.get(key)!));
    res.once('close', () => this.inFlight.set(key, this.inFlight.get(key)! - 1));
    for await (const chunk of req) void chunk;
    if (!this.issued.has(key)) {
      this.issued.set(key, randomBytes(256));
      this.issuedCount.set(key, (this.issuedCount.get(key) ?? 0) + 1);
    }
    if (this.holdNext) {
      this.holdNext = false;
      this.held.push(res);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/pkixcmp' }).end(this.issued.get(key));
  }
}

let app: PreviewServer;
let browser: LaunchedBrowser;
let page: Page;
let cdp: CDPSession;
let ca: CountingCa;
let registrationId = '';

async function clientBundle(): Promise<string> {
  const output = await build({
    root: REPO_ROOT,
    configFile: false,
    logLevel: 'silent',
    build: { write: false, minify: false, lib: { entry: `${REPO_ROOT}/src/sw/client/index.ts`, formats: ['iife'], name: 'UKeyOutbox' } },
  });
  const results = Array.isArray(output) ? output : [output];
  for (const result of results) {
    // Init scripts may run wrapped in a function: publish the module on window explicitly.
    if ('output' in result) return `${result.output.find((o) => o.type === 'chunk')!.code}\nwindow.UKeyOutbox = UKeyOutbox;`;
  }
  throw new Error('no bundle');
}

let loads = 0;
/** A full navigation each time (a new query string: a hash change alone keeps the old document and its timer). */
async function load(triggers = true): Promise<void> {
  loads += 1;
  await page.goto(`${app.url}?load=${loads}#/`);
  await waitForServiceWorkerControl(page);
  if (triggers) await page.evaluate(() => void window.UKeyOutbox.startOutboxTriggers({ timerMs: 1_000 }));
}

const describeInPage = () => page.evaluate(() => window.UKeyOutbox.describeOutbox());

beforeAll(async () => {
  app = await startPreviewServer();
  ca = new CountingCa(await freePort(), new URL(app.url).origin);
  browser = await launchBrowser({ persistent: true });
  await browser.context.addInitScript({ content: await clientBundle() });
  page = await browser.context.newPage();
  cdp = await browser.context.newCDPSession(page);
  cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
    const live = registrations.find((r) => !r.isDeleted && r.scopeURL === app.url);
    if (live) registrationId = live.registrationId;
  });
  await cdp.send('ServiceWorker.enable');
  await load();
});

afterAll(async () => {
  await browser?.close();
  await ca?.stop();
  await app?.close();
});

describe('service-worker outbox in Chromium', () => {
  it('keeps an entry queued across a reload and a service-worker restart, then delivers it once (two tabs kicking) and the page collects it', async () => {
    const body = randomBytes(180).toString('hex');
    const transactionId = randomBytes(16).toString('hex');
    const handOvers: { fromServiceWorker: boolean; mark: string | undefined }[] = [];
    page.on('response', (response) => {
      if (response.url().includes('__outbox/enqueue')) handOvers.push({ fromServiceWorker: response.fromServiceWorker(), mark: response.headers()['x-ukey-outbox'] });
    });
    const queued = await page.evaluate(
      ([url, hex, tid]) => window.UKeyOutbox.enqueueOutbox({ url, body: new Uint8Array(hex.match(/../g)!.map((b) => parseInt(b, 16))), transactionId: tid }),
      [ca.url, body, transactionId] as const,
    );
    expect(queued).toMatchObject({ state: 'queued', attempts: 0 });
    // The page handed the request over; the service worker answered it (stored by its owner, not by the page).
    expect(handOvers).toEqual([{ fromServiceWorker: true, mark: '1' }]);
    // The service worker tried and met a closed port: still queued, with the reason and the next attempt.
    await expect.poll(async () => (await describeInPage())[0]?.lastError?.code, { timeout: 30_000 }).toBe('network');
    expect((await describeInPage())[0]).toMatchObject({ id: queued.id, state: 'queued', createdAt: queued.createdAt });
    expect((await describeInPage())[0]!.attempts).toBeGreaterThan(0);

    await load();
    expect((await describeInPage())[0]).toMatchObject({ id: queued.id, state: 'queued', createdAt: queued.createdAt });
    await cdp.send('ServiceWorker.stopAllWorkers');
    await load();
    expect((await describeInPage())[0]).toMatchObject({ id: queued.id, state: 'queued', createdAt: queued.createdAt });

    // A second tab, with its own triggers; both see the network come back at once.
    const second = await browser.context.newPage();
    await second.goto(`${app.url}?tab=2#/`);
    await waitForServiceWorkerControl(second);
    await second.evaluate(() => void window.UKeyOutbox.startOutboxTriggers({ timerMs: 500 }));
    expect((await second.evaluate(() => window.UKeyOutbox.describeOutbox()))[0]).toMatchObject({ id: queued.id, state: 'queued' });

    await ca.start();
    await Promise.all([page, second].map((p) => p.evaluate(() => window.dispatchEvent(new Event('online')))));
    await expect.poll(async () => (await describeInPage())[0]?.state, { timeout: 30_000 }).toBe('answered');
    await second.close();
    const key = `"${queued.id}"`;
    expect(ca.received.get(key)).toBe(1);
    expect(ca.issuedCount.get(key)).toBe(1);
    expect(ca.maxInFlight.get(key)).toBe(1);

    const answers = await page.evaluate(async () =>
      (await window.UKeyOutbox.collectAnswers()).map((a) => ({ id: a.id, status: a.status, body: Array.from(a.body, (b) => b.toString(16).padStart(2, '0')).join(''), request: Array.from(a.request, (b) => b.toString(16).padStart(2, '0')).join('') })),
    );
    expect(answers).toEqual([{ id: queued.id, status: 200, body: ca.issued.get(key)!.toString('hex'), request: body }]);
    expect(await page.evaluate((id) => window.UKeyOutbox.acknowledgeOutbox(id), queued.id)).toBe(true);
    expect(await describeInPage()).toEqual([]);
  });

  it('resends once, after the lease, when the service worker is killed mid-send; never two fetches at once', async () => {
    await ca.start();
    ca.holdNext = true;
    const queued = await page.evaluate(
      ([url, tid]) => window.UKeyOutbox.enqueueOutbox({ url, body: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x07]), transactionId: tid }),
      [ca.url, randomBytes(16).toString('hex')] as const,
    );
    const key = `"${queued.id}"`;
    await expect.poll(() => ca.received.get(key) ?? 0, { timeout: 30_000 }).toBe(1);
    await cdp.send('ServiceWorker.stopAllWorkers');
    for (const res of ca.held.splice(0)) res.destroy();
    expect((await describeInPage())[0]).toMatchObject({ id: queued.id, state: 'sending', attempts: 1 });
    // The page's timer keeps kicking; the new service worker waits out the dead one's lease, then resends.
    await expect.poll(async () => (await describeInPage())[0]?.state, { timeout: 90_000, interval: 1_000 }).toBe('answered');
    expect(ca.received.get(key)).toBe(2);
    expect(ca.issuedCount.get(key)).toBe(1);
    expect(ca.maxInFlight.get(key)).toBe(1);
    const [answer] = await page.evaluate(async () => (await window.UKeyOutbox.collectAnswers()).map((a) => Array.from(a.body)));
    expect(Buffer.from(answer!).equals(ca.issued.get(key)!)).toBe(true);
    const [entry] = await describeInPage();
    expect(entry).toMatchObject({ attempts: 2, lastError: { code: 'lease-lapsed' } });
  });

  it('delivers on a Background Sync event alone (CDP ServiceWorker.dispatchSyncEvent), no page trigger running', async () => {
    await page.evaluate(async () => {
      for (const entry of await window.UKeyOutbox.describeOutbox()) await window.UKeyOutbox.acknowledgeOutbox(entry.id);
    });
    ca.holdNext = false;
    await load(false);
    await ca.stop();
    const queued = await page.evaluate(
      ([url, tid]) => window.UKeyOutbox.enqueueOutbox({ url, body: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x09]), transactionId: tid }),
      [ca.url, randomBytes(16).toString('hex')] as const,
    );
    await expect.poll(async () => (await describeInPage())[0]?.lastError?.code, { timeout: 30_000 }).toBe('network');
    await ca.start();
    expect(registrationId).not.toBe('');
    await cdp.send('ServiceWorker.dispatchSyncEvent', { origin: new URL(app.url).origin, registrationId, tag: 'ukey-outbox', lastChance: false });
    await expect.poll(async () => (await describeInPage())[0]?.state, { timeout: 30_000 }).toBe('answered');
    expect(ca.received.get(`"${queued.id}"`)).toBe(1);
  });
});
