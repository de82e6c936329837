/**
 * Trusted CA certificates (issue 3 §3): a CA file chosen with the real file input is parsed in the worker,
 * listed with its subject and expiry, and still there after a reload (idb); a garbage file is explained with
 * its guide and loses nothing.
 */
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openDemo, saveScreenshot, startPreviewServer, type LaunchedBrowser, type PreviewServer } from './support';

const CA_CN = 'E2E 测试根 CA';

let server: PreviewServer;
let browser: LaunchedBrowser;
let page: Page;
let caPem: Buffer;
const pageErrors: string[] = [];

/** A self-signed CA (basicConstraints CA:TRUE from OpenSSL's v3_ca section) made for this run. */
function makeCaPem(): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'ukey-e2e-ca-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-utf8',
      '-keyout', join(dir, 'ca.key'), '-subj', `/C=CN/O=Trust E2E/CN=${CA_CN}`, '-days', '3650', '-out', join(dir, 'ca.pem'),
    ], { stdio: 'pipe' });
    return readFileSync(join(dir, 'ca.pem'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function openTrustPage(): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: '设置' }).click(); // trusted roots live under 设置 (issue 8 §6)
  await page.getByRole('heading', { level: 1, name: '设置：受信任的根证书和吊销列表' }).waitFor({ state: 'visible', timeout: 30_000 });
}

const rows = () => page.locator('[data-testid="trusted-cas"] tbody tr');

beforeAll(async () => {
  caPem = makeCaPem();
  server = await startPreviewServer();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await openDemo(page, server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('trusted CA import', () => {
  it('imports a PEM CA file through the labelled file input and lists it', async () => {
    await openTrustPage();
    const input = page.getByLabel('选择 CA 证书文件（.cer .crt .pem .der .p7b）');
    expect(await input.getAttribute('type')).toBe('file');
    expect(await input.getAttribute('accept')).toBe('.cer,.crt,.pem,.der,.p7b');
    await input.setInputFiles({ name: 'root.pem', mimeType: 'application/x-pem-file', buffer: caPem });
    await expect.poll(() => page.locator('[data-testid="trust-result"]').textContent(), { timeout: 30_000 }).toContain('已导入 1 个');
    expect(await rows().count()).toBe(1);
    expect(await rows().first().locator('td').first().textContent()).toContain(CA_CN);
    expect(await rows().first().locator('td').nth(1).textContent()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The subject in Chinese attribute names (issue 16 §3), the remove button named by the CA's own name.
    expect(await rows().first().locator('td').first().textContent()).toContain('名称');
    expect(await rows().first().getByRole('button', { name: `移除 ${CA_CN}` }).count()).toBe(1);
    await saveScreenshot(page, 'trust-imported');
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  });

  it('keeps the imported CA after a reload', async () => {
    expect(new URL(page.url()).hash).toBe('#/trust');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: '设置：受信任的根证书和吊销列表' }).waitFor({ state: 'visible', timeout: 30_000 });
    await expect.poll(() => rows().count(), { timeout: 30_000 }).toBe(1);
    expect(await rows().first().textContent()).toContain(CA_CN);
  });

  it('a garbage file is explained with its guide and nothing is lost', async () => {
    await page.getByLabel('选择 CA 证书文件（.cer .crt .pem .der .p7b）').setInputFiles({
      name: 'broken.cer', mimeType: 'application/pkix-cert', buffer: Buffer.from('this is not a certificate\n'),
    });
    const panel = page.locator('.error-panel[data-error-name="CaImportError"]');
    await panel.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await panel.getAttribute('role')).toBe('alert');
    expect(await panel.textContent()).toContain('不能作为 CA 证书导入');
    expect(await panel.getByRole('link').getAttribute('href')).toBe('#/guides/certificate-unreadable');
    expect(await rows().count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
