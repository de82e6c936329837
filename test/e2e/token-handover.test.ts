/**
 * One key, many windows, in Chromium (issue 15 §4): a test build of the app (--mode e2e-usb) whose windows and
 * workers all reach one Node-side virtual USB bus over a WebSocket (test/e2e/support/ws-usb), which lets one
 * context claim the token at a time, as an operating system does. Pair through the real chooser code path (the
 * double answers requestDevice), read the key in the app tab, sign in from the portal's popup while the tab is
 * open, and pull the token out and put it back in the middle of a sign-in.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCaCertificateDer } from '../../src/virtual/demo-ca';
import { provisionDemoTokenWithCa } from '../../src/virtual/virtual-token/demo';
import { VirtualUsb } from '../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../src/virtual/virtual-token/virtual-usb-device';
import { INTERFACE_CLASS } from '../../src/virtual/virtual-token/virtual-usb-descriptors';
import { MemoryTrustStore } from '../../src/shared/pki/trust-store';
import { MemoryAuditLog } from '../../src/servers/portal/audit-log';
import { buildPortal } from '../../src/servers/portal/server';
import { MemoryChallengeStore } from '../../src/servers/verifier/challenge-store';
import { freePort, launchBrowser, saveScreenshot, startPreviewServer, type LaunchedBrowser, type PreviewServer } from './support';
import { buildUsbDoubleApp } from './support/ws-usb/build-usb-app';
import { startUsbDoubleServer, type UsbDoubleServer } from './support/ws-usb/usb-server';

const PIN = '123456';
const SERIAL = 'E2E-HANDOVER-1';
let outDir: string;
let bus: UsbDoubleServer;
let device: VirtualUsbDevice;
let app: PreviewServer;
let portal: FastifyInstance;
let portalUrl: string;
let browser: LaunchedBrowser;
let context: BrowserContext;

beforeAll(async () => {
  const busPort = await freePort();
  outDir = mkdtempSync(join(tmpdir(), 'ukey-e2e-usb-'));
  buildUsbDoubleApp(outDir, `ws://127.0.0.1:${busPort}`);
  const { card } = await provisionDemoTokenWithCa();
  // A vendor-class CCID interface: the kind an ordinary page may claim (DESIGN.md §3).
  device = new VirtualUsbDevice(card, { serialNumber: SERIAL, interfaceClass: INTERFACE_CLASS.VendorSpecific });
  bus = await startUsbDoubleServer(new VirtualUsb(), busPort);
  bus.plug(device, { granted: false }); // plugged in, not yet picked in the chooser
  app = await startPreviewServer({ distDir: outDir });
  const port = await freePort();
  portalUrl = `http://localhost:${port}`;
  const trust = new MemoryTrustStore();
  trust.addAnchor(demoCaCertificateDer());
  portal = await buildPortal({
    origin: portalUrl,
    appUrl: `${app.url}sign`,
    trust,
    store: new MemoryChallengeStore(),
    audit: new MemoryAuditLog(),
    rateLimit: { limit: 1000, windowMs: 60_000 },
  });
  await portal.listen({ port, host: '127.0.0.1' });
  browser = await launchBrowser({ persistent: true });
  context = browser.context;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await app?.close();
  await bus?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

async function openPopup(): Promise<{ portalPage: Page; popup: Page }> {
  await context.clearCookies();
  const portalPage = await context.newPage();
  await portalPage.goto(`${portalUrl}/`);
  const [popup] = await Promise.all([context.waitForEvent('page'), portalPage.locator('#ukey-login').click()]);
  return { portalPage, popup };
}

async function typePin(popup: Page): Promise<void> {
  await popup.locator('#sign-pin').fill(PIN);
  await popup.locator('[data-testid="sign-confirm"]').click();
}

describe('one key, many windows (WebSocket USB double)', () => {
  let tab: Page;

  it('pairs through the chooser and reads the key in the app tab', async () => {
    tab = await context.newPage();
    await tab.goto(`${app.url}#/pair`);
    await tab.locator('[data-testid="pair-button"]').click();
    await tab.getByText('已添加').first().waitFor({ timeout: 60_000 }); // the chooser granted it and the worker read it
    await tab.evaluate(() => void (location.hash = '#/'));
    const card = tab.locator(`article.token-card[data-token-id*="${SERIAL}"]`).first();
    await card.waitFor({ state: 'visible', timeout: 60_000 }).catch(async (error: unknown) => {
      await saveScreenshot(tab, 'handover-pair-failed');
      throw new Error(`${String(error)}\n${(await tab.locator('main').textContent()) ?? ''}`);
    });
    await card.locator('.cert-list li').first().waitFor({ state: 'visible', timeout: 60_000 });
    expect(await card.textContent()).toContain('张三');
  });

  it('signs in from the portal popup while the app tab is open (the tab hands the token over)', async () => {
    // The tab's worker holds the claim right after reading; the popup's worker must get it from there.
    await tab.reload();
    await tab.locator(`article.token-card[data-token-id*="${SERIAL}"][data-live="true"]`).first().waitFor({ timeout: 60_000 });
    const { portalPage, popup } = await openPopup();
    await popup.locator('[data-testid="sign-cert"]').waitFor({ state: 'visible', timeout: 60_000 });
    expect(await popup.locator('.error-panel').count()).toBe(0);
    await saveScreenshot(popup, 'sign-popup-handover');
    await typePin(popup);
    await portalPage.waitForURL(`${portalUrl}/me`, { timeout: 60_000 });
    expect(await portalPage.locator('#who').textContent()).toContain('张三');
    await portalPage.close();
    // And back: the tab reads the key again (the popup's worker let it go or is gone with its window).
    await tab.reload();
    await tab.locator(`article.token-card[data-token-id*="${SERIAL}"][data-live="true"]`).first().waitFor({ timeout: 60_000 });
  });

  it('a token the app tab keeps busy gets its own words in the popup, never "no token"; once free, the popup reads it', async () => {
    await tab.locator(`article.token-card[data-token-id*="${SERIAL}"][data-live="true"]`).first().waitFor({ timeout: 60_000 });
    // A slow card: every reply takes 10 s, so whichever card operation of the tab's re-read the popup's request
    // meets holds the token longer than the popup waits for it (8 s).
    device.faults.delayReplies(10_000);
    await tab.reload();
    await expect.poll(() => bus.shared.claimedBy(device) !== null, { timeout: 20_000 }).toBe(true);
    const { portalPage, popup } = await openPopup();
    const panel = popup.locator('.error-panel[data-error-name="TokenInUseElsewhereError"]');
    await panel.waitFor({ timeout: 40_000 }).catch(async (error: unknown) => {
      const names = await popup.locator('.error-panel').evaluateAll((els) => els.map((e) => e.getAttribute('data-error-name')));
      throw new Error(`${String(error)}; panels: ${names.join(',')}; popup: ${(await popup.locator('body').textContent()) ?? ''}`);
    });
    expect(await panel.textContent()).toContain('UKEY 正被另一个窗口使用');
    expect(await popup.locator('.error-panel[data-error-name="SignInRefusedError"]').count()).toBe(0);
    await saveScreenshot(popup, 'sign-popup-token-busy');
    device.faults.delayReplies(0);
    // The user presses 重新查找 UKEY until the tab's slow operation (its replies already on their 10 s way) ends.
    const cert = popup.locator('[data-testid="sign-cert"]');
    for (let press = 0; press < 6 && !(await cert.isVisible()); press++) {
      await popup.getByRole('button', { name: '重新查找 UKEY' }).click();
      await cert.waitFor({ state: 'visible', timeout: 15_000 }).catch(() => undefined);
    }
    await cert.waitFor({ state: 'visible', timeout: 1_000 });
    await typePin(popup);
    await portalPage.waitForURL(`${portalUrl}/me`, { timeout: 60_000 });
    await portalPage.close();
  });

  it('a token pulled out mid sign-in is reported in the popup; put back, the same popup signs in', async () => {
    const { portalPage, popup } = await openPopup();
    await popup.locator('[data-testid="sign-cert"]').waitFor({ state: 'visible', timeout: 60_000 });
    bus.unplug(device);
    await typePin(popup);
    const panel = popup.locator('.error-panel').first();
    await panel.waitFor({ timeout: 30_000 });
    expect(await panel.getAttribute('data-error-name')).toMatch(/DeviceDisconnectedError|DeviceNotFoundError/);
    expect(await panel.getAttribute('data-error-name')).not.toBe('SignInRefusedError');
    bus.plug(device);
    await typePin(popup);
    await portalPage.waitForURL(`${portalUrl}/me`, { timeout: 60_000 });
    expect(await portalPage.locator('#who').textContent()).toContain('张三');
    await portalPage.close();
  });
});
