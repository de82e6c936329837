/**
 * Installable PWA (issue 4 §2): the manifest, the icons, the service worker and Chromium's own
 * installability verdict over CDP (a persistent context: ordinary ones count as incognito, TOOLING.md).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, REPO_ROOT, startPreviewServer, waitForServiceWorkerControl, type LaunchedBrowser, type PreviewServer } from './support';

let server: PreviewServer;
let browser: LaunchedBrowser;
let page: Page;

beforeAll(async () => {
  server = await startPreviewServer();
  browser = await launchBrowser({ persistent: true });
  page = await browser.context.newPage();
  await page.goto(server.url);
  await waitForServiceWorkerControl(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
}

/** Width and height from a PNG's IHDR chunk (PNG spec §11.2.2). */
function pngSize(bytes: Uint8Array): [number, number] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return [view.getUint32(16), view.getUint32(20)];
}

describe('PWA', () => {
  it('index.html links a manifest with the required fields and real PNG icons', async () => {
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBeTruthy();
    const manifestUrl = new URL(href ?? '', server.url).href;
    const response = await fetch(manifestUrl);
    expect(response.ok).toBe(true);
    const manifest = (await response.json()) as Record<string, unknown> & { icons: ManifestIcon[] };
    expect(manifest.name).toBe('UKey 助手 · UKey Assistant');
    expect(manifest.short_name).toBeTruthy();
    expect(manifest.display).toBe('standalone');
    expect(manifest.lang).toBe('zh-CN');
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(new URL(String(manifest.start_url), manifestUrl).href).toBe(server.url);
    expect(new URL(String(manifest.scope), manifestUrl).href).toBe(server.url);
    for (const [size, purpose] of [
      [192, 'any'],
      [512, 'any'],
      [192, 'maskable'],
      [512, 'maskable'],
    ] as const) {
      const icon = manifest.icons.find((i) => i.sizes === `${size}x${size}` && (i.purpose ?? 'any').split(' ').includes(purpose));
      expect(icon, `${purpose} icon ${size}`).toBeDefined();
      const png = await fetch(new URL(icon?.src ?? '', manifestUrl));
      expect(png.headers.get('content-type')).toContain('image/png');
      expect(pngSize(new Uint8Array(await png.arrayBuffer()))).toEqual([size, size]);
    }
  });

  it('Chromium reports no installability errors', async () => {
    const cdp = await browser.context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: Array<{ errorId: string }>;
    };
    expect(installabilityErrors).toEqual([]);
    const manifest = (await cdp.send('Page.getAppManifest')) as { errors: unknown[]; url: string };
    expect(manifest.errors).toEqual([]);
    expect(manifest.url).toContain('manifest.webmanifest');
  });

  it('the service worker is active, controls the page and answers its version', async () => {
    const state = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      const controller = navigator.serviceWorker.controller;
      const version = await new Promise<unknown>((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = (event) => resolve(event.data);
        controller?.postMessage({ type: 'GET_VERSION' }, [channel.port2]);
        setTimeout(() => resolve(null), 3_000);
      });
      return { active: registration?.active?.state, scriptURL: controller?.scriptURL, version };
    });
    expect(state.active).toBe('activated');
    expect(state.scriptURL).toBe(`${server.url}sw.js`);
    expect(state.version).toEqual({ type: 'VERSION', version: expect.stringMatching(/^\d+\.\d+\.\d+\+\d{8}T\d{6}Z$/) });
  });

  it('precaches the shell and every built JS chunk (driver worker and lazy chunks included)', async () => {
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
      }
      return urls;
    });
    expect(cached).toContain('/index.html');
    expect(cached).toContain('/manifest.webmanifest');
    const chunks = readdirSync(join(REPO_ROOT, 'dist/assets')).filter((f) => f.endsWith('.js'));
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(cached, chunk).toContain(`/assets/${chunk}`);
  });
});
