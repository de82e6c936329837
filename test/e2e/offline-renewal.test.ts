/**
 * Renewal queued by the service worker for as long as the user is offline (issue 15 §3), in Chromium, on a TEST
 * build of the app whose demo card lives in this process (support/routed-demo-device.ts), so it outlives every
 * page as a physical key does. Offline → start renewal → reload offline: still queued, the dashboard says what
 * happens next → close every app page → online → the CA gets exactly one request, with no page open (Background
 * Sync), and a system notification says so (the user allowed them) → open the app: the answer waits on the
 * dashboard; the PIN installs the new certificate, and the portal's
 * next sign-in uses it. Then the CA down for longer than its message window: the late request is refused
 * (badTime), the dashboard says "插入 UKEY 以重新发送", and the PIN re-signs and finishes it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CmpService } from '../../src/servers/ca-server/cmp-service';
import { loadDemoCa } from '../../src/servers/ca-server/demo-material';
import { buildHttpServer } from '../../src/servers/ca-server/http-server';
import { openRepository } from '../../src/servers/ca-server/open-repository';
import type { CaProfilePolicy } from '../../src/servers/ca-server/policy';
import type { CaRepository } from '../../src/servers/ca-server/storage/repository';
import { MemoryAuditLog } from '../../src/servers/portal/audit-log';
import { buildPortal } from '../../src/servers/portal/server';
import { MemoryChallengeStore } from '../../src/servers/verifier/challenge-store';
import { MemoryTrustStore } from '../../src/shared/pki/trust-store';
import { parseCertificate } from '../../src/shared/pki/parse-certificate';
import { demoCaCertificateDer } from '../../src/virtual/demo-ca';
import { provisionDemoTokenWithCa } from '../../src/virtual/virtual-token/demo';
import type { PivCard } from '../../src/virtual/virtual-token/piv-card';
import { freePort, launchBrowser, REPO_ROOT, saveScreenshot, startPreviewServer, waitForServiceWorkerControl, type LaunchedBrowser, type PreviewServer } from './support';
import { CARD_ORIGIN } from './support/routed-demo-device';

const PIN = '123456';
const ROUTED_DEVICE = join(REPO_ROOT, 'test/e2e/support/routed-demo-device.ts');
const dist = mkdtempSync(join(tmpdir(), 'ukey-e2e-routed-'));
const caDir = mkdtempSync(join(tmpdir(), 'ukey-e2e-offline-ca-'));

let app: PreviewServer;
let browser: LaunchedBrowser;
let context: BrowserContext;
let card: PivCard;
let tokenId = 'demo';

/** The reference CA in this process: its message window can be shortened, and it counts the POSTs it gets. */
const overrides: Record<string, Partial<CaProfilePolicy>> = { default: {} };
let repository: CaRepository;
let ca: FastifyInstance | null = null;
let caPort = 0;
const caPosts: string[] = [];
let service: CmpService;

async function startCa(): Promise<void> {
  ca = buildHttpServer({ service, appOrigin: new URL(app.url).origin });
  ca.addHook('onRequest', (request, _reply, done) => {
    if (request.method === 'POST') caPosts.push(request.url);
    done();
  });
  await ca.listen({ port: caPort, host: '127.0.0.1' });
}

async function stopCa(): Promise<void> {
  await ca?.close();
  ca = null;
}

let portal: FastifyInstance;
let portalUrl = '';
const audit = new MemoryAuditLog();

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** Every file of a built app, as text, to look for the test card in it. */
function bundleText(dir: string): string {
  let text = '';
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    text += statSync(path).isDirectory() ? bundleText(path) : /\.(js|html|json)$/.test(name) ? readFileSync(path, 'utf8') : '';
  }
  return text;
}

beforeAll(async () => {
  // The app with the routed demo card: only this build has it. The same `vite build` as the app's, with one alias.
  const config = join(dist, '..', `${dist.split('/').pop()!}.config.mjs`);
  writeFileSync(
    config,
    `import base from ${JSON.stringify(join(REPO_ROOT, 'vite.config.ts'))};\n` +
      `export default { ...base, resolve: { alias: [{ find: /^\\.\\/demo-device$/, replacement: ${JSON.stringify(ROUTED_DEVICE)} }] } };\n`,
  );
  const built = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', config, '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    // Vitest runs with NODE_ENV=test, which Vite would keep: a build that thinks it is in dev registers no service worker.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  rmSync(config, { force: true });
  if (built.status !== 0) throw new Error(`test build failed: ${built.stderr}`);
  app = await startPreviewServer({ distDir: dist });
  caPort = await freePort();
  repository = await openRepository(caDir);
  service = new CmpService({ ca: await loadDemoCa(caDir), repository, policyOverrides: overrides });

  card = (await provisionDemoTokenWithCa()).card;
  browser = await launchBrowser({ persistent: true });
  context = browser.context;
  // The card answers the workers of every page, online or offline (CDP Fetch interception runs before the
  // network emulation; Playwright's own route() would make pages bypass the service worker).
  context.on('page', (page) => void attachCard(page));

  const portalPort = await freePort();
  portalUrl = `http://localhost:${portalPort}`;
  const trust = new MemoryTrustStore();
  trust.addAnchor(demoCaCertificateDer());
  portal = await buildPortal({
    origin: portalUrl, appUrl: `${app.url}sign?demo=1`, trust, store: new MemoryChallengeStore(), audit, rateLimit: { limit: 1000, windowMs: 60_000 },
  });
  await portal.listen({ port: portalPort, host: '127.0.0.1' });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await stopCa();
  await repository?.close();
  await app?.close();
  rmSync(dist, { recursive: true, force: true });
  rmSync(caDir, { recursive: true, force: true });
});

const attached = new WeakMap<Page, Promise<void>>();

/** The test card, reached by the page's workers at CARD_ORIGIN: ATR, power on/off, one APDU per request. */
function attachCard(page: Page): Promise<void> {
  const existing = attached.get(page);
  if (existing) return existing;
  const attaching = (async () => {
    const cdp = await context.newCDPSession(page);
    cdp.on('Fetch.requestPaused', (event) => {
      void (async () => {
        const path = new URL(event.request.url).pathname.slice(1);
        const posted = event.request.postData ?? (event.request.postDataEntries ?? []).map((e) => Buffer.from(e.bytes ?? '', 'base64').toString('latin1')).join('');
        const input = new Uint8Array(Buffer.from(posted, 'hex'));
        let output: Uint8Array = new Uint8Array(0);
        if (path === 'atr') output = card.atr;
        else if (path === 'power-on') output = await card.powerOn();
        else if (path === 'power-off') await card.powerOff();
        else if (path === 'transmit') output = await card.transmit(input);
        await cdp.send('Fetch.fulfillRequest', {
          requestId: event.requestId,
          responseCode: 200,
          responseHeaders: [{ name: 'access-control-allow-origin', value: '*' }, { name: 'content-type', value: 'text/plain' }],
          body: Buffer.from(hex(output)).toString('base64'),
        });
      })().catch(() => undefined);
    });
    await cdp.send('Fetch.enable', { patterns: [{ urlPattern: `${CARD_ORIGIN}/*` }] });
  })();
  attached.set(page, attaching);
  return attaching;
}

/** Opens the app with the demo token (first time: installs the service worker) and returns a page on the dashboard. */
async function openApp(): Promise<Page> {
  const page = await context.newPage();
  await attachCard(page);
  await page.goto(`${app.url}?demo=1#/`);
  const cardEl = page.locator('article.token-card[data-live="true"]').first();
  await cardEl.waitFor({ state: 'visible', timeout: 90_000 });
  tokenId = (await cardEl.getAttribute('data-token-id')) ?? tokenId;
  await waitForServiceWorkerControl(page);
  return page;
}

const go = (page: Page, hash: string) => page.evaluate((h) => void (location.hash = h), hash);
const renewHash = (keyRef: string) => `#/token/${encodeURIComponent(tokenId)}/renew/${keyRef}`;
const caUrl = () => `http://127.0.0.1:${caPort}/.well-known/cmp`;

async function startRenewal(page: Page, keyRef = '9a'): Promise<void> {
  await go(page, renewHash(keyRef));
  await page.locator('[data-testid="renewal-window"]').waitFor({ state: 'visible', timeout: 60_000 });
  await pointDemoAtCa(page, caUrl());
  await page.locator('[data-testid="renewal-pin"]').fill(PIN);
  await page.locator('[data-testid="renewal-run"]').click();
}

async function continueWithPin(page: Page, keyRef = '9a'): Promise<void> {
  await go(page, renewHash(keyRef));
  await page.locator('[data-testid="renewal-pin"]').waitFor({ state: 'visible', timeout: 60_000 });
  await page.locator('[data-testid="renewal-pin"]').fill(PIN);
  await page.locator('[data-testid="renewal-run"]').click();
  await page.locator('[data-testid="renewal-done"]').waitFor({ state: 'visible', timeout: 120_000 });
}

/** Closes every page of the context (the app's tabs): only the service worker is left. */
async function closeAll(): Promise<void> {
  for (const page of context.pages()) await page.close();
  expect(context.pages()).toHaveLength(0);
}

const notice = (page: Page) => page.locator('[data-testid="outbox-notice"]');

async function signInAtPortal(): Promise<string> {
  const portalPage = await context.newPage();
  await portalPage.goto(`${portalUrl}/`);
  const [popup] = await Promise.all([context.waitForEvent('page'), portalPage.locator('#ukey-login').click()]);
  await popup.locator('[data-testid="sign-cert"]').waitFor({ state: 'visible', timeout: 90_000 });
  await popup.locator('#sign-pin').fill(PIN);
  await popup.locator('[data-testid="sign-confirm"]').click();
  await portalPage.waitForURL(`${portalUrl}/me`, { timeout: 90_000 });
  await portalPage.close();
  const login = audit.events.filter((e) => e.event === 'login').at(-1) as { serialNumber?: string } | undefined;
  return login?.serialNumber ?? '';
}


/** The CA address is under 技术详情, never a field on the renewal screen (issue 16 §2); only the demo UKEY's local
 * reference CA can be pointed at this test's port there. */
async function pointDemoAtCa(page: Page, url: string): Promise<void> {
  const field = page.locator('[data-testid="renewal-ca-url"]');
  expect(await field.isVisible()).toBe(false);
  await page.locator('[data-testid="renewal-tech"] > summary').click();
  await field.fill(url);
}
describe('renewal queued offline by the service worker (issue 15 §3)', () => {
  it('the production build has no trace of the test card', () => {
    const production = process.env.UKEY_DIST_DIR ?? join(REPO_ROOT, 'dist');
    expect(bundleText(production)).not.toContain(CARD_ORIGIN);
    expect(bundleText(dist)).toContain(CARD_ORIGIN);
  });

  it('offline → queued across a reload → all pages closed → online: one request, by the service worker alone → the PIN installs it and the portal signs in with it', async () => {
    const page = await openApp();
    expect(await repository.listCertificates()).toHaveLength(0);
    await context.setOffline(true);
    await startRenewal(page);
    await page.locator('[data-testid="renewal-waiting-network"]').waitFor({ state: 'visible', timeout: 120_000 });

    const reloaded = await page.reload(); // offline: the service worker serves the app
    expect(reloaded?.fromServiceWorker()).toBe(true);
    // Really offline: a request the service worker does not answer from its cache fails.
    expect(await page.evaluate(() => fetch(`/not-cached-${Date.now()}`).then(() => 'reached', () => 'offline'))).toBe('offline');
    await go(page, '#/');
    await notice(page).waitFor({ state: 'visible', timeout: 60_000 });
    expect(await notice(page).getAttribute('data-kind')).toBe('waiting');
    const sentence = (await notice(page).textContent()) ?? '';
    // What happens next, in words: kept here, sent by itself, the app need not stay open.
    expect(sentence).toContain('已保存在这台电脑上');
    expect(sentence).toMatch(/联网后会自动发给 CA|会自动重试/);
    expect(sentence).toContain('不用开着本应用');
    await saveScreenshot(page, 'outbox-waiting-offline-zh');

    // The user allowed notifications: the answer that arrives with no window open is announced.
    await context.grantPermissions(['notifications'], { origin: new URL(app.url).origin });
    await closeAll();
    await startCa();
    expect(caPosts).toEqual([]);
    await context.setOffline(false);
    // Background Sync: the browser wakes the service worker when the network is back; no page is open.
    await expect.poll(() => caPosts.length, { timeout: 90_000, interval: 500 }).toBe(1);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(caPosts).toHaveLength(1);
    expect(context.pages()).toHaveLength(0);

    const again = await openApp();
    const shown = await again.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications({ tag: 'ukey-outbox' })).map((n) => `${n.title}: ${n.body}`));
    expect(shown).toEqual([expect.stringMatching(/^CA 已答复证书延期请求: .*插入 UKEY 并输入 PIN/)]);
    await notice(again).waitFor({ state: 'visible', timeout: 60_000 });
    expect(await notice(again).getAttribute('data-kind')).toBe('answered');
    expect(await notice(again).textContent()).toContain('CA 已答复');
    await saveScreenshot(again, 'outbox-answered-zh');
    await continueWithPin(again);
    expect(caPosts).toHaveLength(2); // the kur, then the certConf
    const issued = await repository.listCertificates();
    expect(issued).toHaveLength(1);
    const newSerial = parseCertificate(issued[0]!.der).serialNumber;
    await go(again, '#/');
    await expect.poll(() => notice(again).count(), { timeout: 30_000 }).toBe(0);
    await closeAll();

    expect(await signInAtPortal()).toBe(newSerial);
  });

  it('the CA down for longer than its message window: the late request is refused, the dashboard says 插入 UKEY 以重新发送, the PIN re-signs it (9C)', async () => {
    overrides.default = { messageTimeWindowSeconds: 3 };
    await stopCa();
    caPosts.length = 0;
    const page = await openApp();
    await startRenewal(page, '9c');
    await page.locator('[data-testid="renewal-waiting-network"]').waitFor({ state: 'visible', timeout: 120_000 });
    await closeAll();
    await new Promise((r) => setTimeout(r, 4_000)); // longer than the CA's window
    await startCa();

    const again = await openApp(); // opening the app is a trigger: the late request goes, the CA refuses it
    await expect.poll(() => caPosts.length, { timeout: 60_000 }).toBe(1);
    await expect.poll(async () => (await notice(again).count()) > 0 && (await notice(again).getAttribute('data-kind')), { timeout: 60_000 }).toBe('resend');
    expect(await notice(again).textContent()).toContain('插入 UKEY 以重新发送');
    await saveScreenshot(again, 'outbox-resend-zh');
    overrides.default = {};
    await continueWithPin(again, '9c');
    expect(caPosts).toHaveLength(3); // the late kur (refused), the re-signed kur, the certConf
    const certificates = await repository.listCertificates();
    expect(certificates).toHaveLength(2);
    expect(certificates.every((c) => c.status === 'confirmed')).toBe(true);
    await go(again, '#/');
    await expect.poll(() => notice(again).count(), { timeout: 30_000 }).toBe(0);
  });
});

