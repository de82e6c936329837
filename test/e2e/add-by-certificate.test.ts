/**
 * 添加 UKEY for the clerk on Windows (issue 16 §1): the one-line answer by CA and portal, "选择 UKEY" above the
 * fold, and a key recorded by its certificate — a .p7b through the file picker, a .cer dropped on the zone,
 * pasted Base64 — shown with what the certificate says, the CA's renewal route and the plain mark that the
 * key itself cannot be used here. zh-CN and en, 1280×800 and 390×844, axe clean. Certificates made by OpenSSL:
 * RSA, P-256 and SM2 for every CA profile row (issue 16 "Done when"), each shown with its CA, route and algorithm.
 */
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usciCheckChar } from '../../src/shared/ca-profiles/identifiers';
import { CA_PROFILES } from '../../src/shared/ca-profiles/profiles';
import { makeProfileCertificates, type MadeCertificate } from './support/openssl-certs';
import { DESK, PHONE, launchBrowser, saveScreen, setLanguage, startPreviewServer, tokenHash, type AppLang, type LaunchedBrowser, type PreviewServer } from './support';
import { CLEAN, LANGS, SIZES, VIEWPORT, checkScreen } from './support/matrix';

const DISTID = 'distid:1234567812345678';
const BJCA_CODE = `91110108592366240${usciCheckChar('91110108592366240')}`;
const CFCA_CODE = `91310000MA1FL0000${usciCheckChar('91310000MA1FL0000')}`;

interface Files {
  readonly bjcaP7b: Buffer;
  readonly bjcaCer: Buffer;
  readonly cfcaBase64: string;
}

/** A BJCA-like RSA chain and a CFCA-like SM2 certificate, each issued by its own test CA. */
function makeFiles(): Files {
  const dir = mkdtempSync(join(tmpdir(), 'ukey-e2e-certonly-'));
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  try {
    writeFileSync(join(dir, 'ca.cnf'), '[v3]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
    writeFileSync(join(dir, 'ee.cnf'), '[v3]\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n');
    const issue = (name: string, alg: string[], sign: string[], caSubject: string, subject: string) => {
      run(['genpkey', ...alg, '-out', `${name}-ca.key`]);
      run(['genpkey', ...alg, '-out', `${name}-ee.key`]);
      run(['req', '-x509', '-new', '-key', `${name}-ca.key`, ...sign, '-subj', caSubject, '-days', '3650', '-extensions', 'v3', '-config', 'ca.cnf', '-out', `${name}-ca.pem`]);
      run(['req', '-new', '-key', `${name}-ee.key`, ...sign, '-utf8', '-subj', subject, '-out', `${name}.csr`, '-config', 'ee.cnf']);
      run(['x509', '-req', '-in', `${name}.csr`, ...sign, ...(name === 'cfca' ? ['-vfyopt', DISTID] : []), '-CA', `${name}-ca.pem`, '-CAkey', `${name}-ca.key`, '-set_serial', '0x33710354', '-days', '20', '-extfile', 'ee.cnf', '-extensions', 'v3', '-out', `${name}-ee.pem`]);
      run(['x509', '-in', `${name}-ee.pem`, '-outform', 'DER', '-out', `${name}-ee.cer`]);
    };
    issue('bjca', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], ['-sha256'], '/O=BJCA/CN=BJCA Test Issuing CA', `/O=示例住房公积金管理中心/CN=示例住房公积金管理中心/serialNumber=${BJCA_CODE}`);
    issue('cfca', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2'], ['-sm3', '-sigopt', DISTID], '/O=China Financial Certification Authority/CN=CFCA Test SM2 OCA1', `/O=示例养老科技有限公司/CN=041@Z${CFCA_CODE}@示例养老科技有限公司@1`);
    run(['crl2pkcs7', '-nocrl', '-certfile', 'bjca-ee.pem', '-certfile', 'bjca-ca.pem', '-outform', 'DER', '-out', 'bjca.p7b']);
    const cfcaDer = readFileSync(join(dir, 'cfca-ee.cer'));
    // As Notepad shows a Base64 .cer without its BEGIN/END lines, wrapped at 64 characters.
    const cfcaBase64 = cfcaDer.toString('base64').replace(/(.{64})/g, '$1\r\n');
    return { bjcaP7b: readFileSync(join(dir, 'bjca.p7b')), bjcaCer: readFileSync(join(dir, 'bjca-ee.cer')), cfcaBase64 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let server: PreviewServer;
let files: Files;
const pageErrors: string[] = [];

/** The clerk's Windows PC: the reach context reads User-Agent Client Hints' platform first. */
async function windowsPage(browser: LaunchedBrowser): Promise<Page> {
  const page = await browser.context.newPage();
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'userAgentData', { get: () => ({ platform: 'Windows', mobile: false, brands: [] }) });
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return page;
}

async function axeSerious(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

beforeAll(async () => {
  files = makeFiles();
  server = await startPreviewServer();
});

afterAll(async () => {
  await server?.close();
});

describe('添加 UKEY on a Windows PC', () => {
  for (const lang of ['zh-CN', 'en'] as const satisfies readonly AppLang[]) {
    for (const [size, viewport] of [['desk', DESK], ['phone', PHONE]] as const) {
      it(`${lang} ${size}: the answer by CA and portal first, "选择 UKEY" above the fold, the family list under "为什么"`, async () => {
        const browser = await launchBrowser({ lang: lang === 'en' ? 'en-US' : 'zh-CN' });
        try {
          const page = await windowsPage(browser);
          await page.setViewportSize(viewport);
          await page.goto(`${server.url}#/pair`);
          await setLanguage(page, lang);
          const verdict = page.locator('[data-testid="pair-verdict"]');
          await verdict.waitFor({ state: 'visible', timeout: 30_000 });
          const line = (await verdict.textContent()) ?? '';
          if (lang === 'zh-CN') {
            expect(line).toContain('在这台 Windows 电脑的浏览器里');
            for (const word of ['BJCA', 'CFCA', '四川CA', '住房公积金', '长江养老', '目前不能直接读取', '用证书记录']) expect(line).toContain(word);
          } else {
            expect(line).toContain('In the browser on this Windows computer');
            expect(line).toContain('cannot be read directly yet');
          }
          const button = await page.locator('[data-testid="pair-button"]').boundingBox();
          expect(button).not.toBeNull();
          expect(button!.y + button!.height).toBeLessThanOrEqual(viewport.height);
          // The per-model list is there, folded under 为什么.
          expect(await page.locator('[data-testid="pair-why"]').getAttribute('open')).toBeNull();
          expect(await page.locator('[data-testid="reach-list"] li').count()).toBeGreaterThan(5);
          await saveScreen(page, lang, size, 'pair-windows');
          expect(await axeSerious(page)).toEqual([]);
        } finally {
          await browser.close();
        }
      });
    }
  }
});

describe('a key recorded by its certificate', () => {
  let browser: LaunchedBrowser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await windowsPage(browser);
    await page.goto(`${server.url}#/pair`);
    await page.locator('[data-testid="add-by-certificate"]').waitFor({ state: 'visible', timeout: 30_000 });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a .p7b from the file picker becomes a key on 我的 UKEY with the CA, the renewal route and the mark', async () => {
    await page.locator('[data-testid="cert-file"]').setInputFiles({ name: '公积金.p7b', mimeType: 'application/pkcs7-mime', buffer: files.bjcaP7b });
    const added = page.locator('[data-testid="cert-added"]');
    await expect.poll(() => added.textContent(), { timeout: 30_000 }).toContain('已记录：示例住房公积金管理中心');
    await page.getByRole('navigation').getByRole('link', { name: '我的 UKEY' }).click();
    const card = page.locator('article.token-card[data-token-id^="cert:"]');
    await card.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await card.locator('[data-testid="cert-only-mark"]').textContent()).toContain('只记录了证书，UKEY 本身不能在这里使用');
    expect(await card.locator('[data-testid="unit"]').textContent()).toBe('示例住房公积金管理中心');
    expect(await card.locator('[data-testid="usci"]').textContent()).toBe(BJCA_CODE);
    expect(await card.locator('[data-testid="renewal-route"]').textContent()).toContain('工单');
    expect(await card.locator('[data-testid="renewal-route"]').textContent()).toContain('4007001900');
    expect(await card.locator('[data-testid="cert-only-route"]').textContent()).toContain('北京数字认证（BJCA）');
    // 20 days left, inside BJCA's 30-day window: the deadline is said, renewal is the CA's (no 去延期 here).
    expect(await card.locator('[data-testid="deadline"]').textContent()).toContain('签名证书');
    expect(await card.locator('[data-testid="renew-button"]').count()).toBe(0);
    expect(await card.getByRole('link', { name: 'PIN 管理' }).count()).toBe(0);
    expect(await card.locator('[data-testid="plug-state"]').count()).toBe(0);
    await saveScreen(page, 'zh-CN', 'desk', 'dashboard-cert-only');
  });

  it('the detail page shows everything the certificate says: holder, unit, 统一社会信用代码, valid until, issuer check, revocation', async () => {
    await page.locator('article.token-card[data-token-id^="cert:"]').getByRole('link', { name: '查看详情' }).click();
    await page.locator('#detail-title').waitFor({ state: 'visible', timeout: 30_000 }); // the dashboard's marks are gone
    await page.locator('[data-testid="cert-only-mark"]').waitFor({ state: 'visible', timeout: 30_000 });
    const text = (await page.locator('main').textContent()) ?? '';
    for (const word of ['示例住房公积金管理中心', BJCA_CODE, '到期时间', '证书链', '吊销状态', '延期办法', '北京数字认证（BJCA）']) expect(text).toContain(word);
    expect(await page.locator('[data-testid="reread"]').count()).toBe(0);
    expect(await page.locator('[data-testid="chain-status"]').first().textContent()).not.toBe('');
    expect(await page.locator('[data-testid="revocation-status"]').first().textContent()).not.toBe('');
    await saveScreen(page, 'zh-CN', 'desk', 'detail-cert-only');
    expect(await axeSerious(page)).toEqual([]);
    await page.setViewportSize(PHONE);
    await saveScreen(page, 'zh-CN', 'phone', 'detail-cert-only');
    await page.setViewportSize(DESK);
  });

  it('the same certificate dropped again is recognised, not recorded twice', async () => {
    await page.goto(`${server.url}#/pair`);
    const zone = page.locator('[data-testid="cert-drop"]');
    await zone.waitFor({ state: 'visible', timeout: 30_000 });
    const dataTransfer = await page.evaluateHandle((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'bjca.cer', { type: 'application/pkix-cert' }));
      return dt;
    }, files.bjcaCer.toString('base64'));
    await zone.dispatchEvent('dragover', { dataTransfer });
    await zone.dispatchEvent('drop', { dataTransfer });
    await expect.poll(() => page.locator('[data-testid="cert-added"]').textContent(), { timeout: 30_000 }).toContain('已经在“我的 UKEY”里了');
  });

  it('pasted Base64 (no BEGIN/END lines) records an SM2 CFCA key; text that is no certificate is explained with the export guide', async () => {
    await page.locator('[data-testid="cert-paste"]').fill('这不是证书');
    await page.locator('[data-testid="cert-paste-button"]').click();
    const panel = page.locator('.error-panel[data-error-name="CertificateFileError"]');
    await panel.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await panel.getByRole('link', { name: '查看相关帮助指南' }).getAttribute('href')).toBe('#/guides/export-certificate');
    await page.locator('[data-testid="cert-paste"]').fill(files.cfcaBase64);
    await page.locator('[data-testid="cert-paste-button"]').click();
    await expect.poll(() => page.locator('[data-testid="cert-added"]').textContent(), { timeout: 30_000 }).toContain('已记录：示例养老科技有限公司');
    await page.goto(`${server.url}#/`);
    await expect.poll(() => page.locator('article.token-card[data-token-id^="cert:"]').count(), { timeout: 30_000 }).toBe(2);
    const cfca = page.locator('article.token-card', { hasText: '示例养老科技有限公司' });
    expect(await cfca.locator('[data-testid="usci"]').textContent()).toBe(CFCA_CODE);
    expect(await cfca.locator('[data-testid="renewal-route"]').textContent()).toContain('长江养老');
    await saveScreen(page, 'zh-CN', 'desk', 'dashboard-two-cert-only');
    await page.setViewportSize(PHONE);
    await saveScreen(page, 'zh-CN', 'phone', 'dashboard-two-cert-only');
    expect(await axeSerious(page)).toEqual([]);
    await setLanguage(page, 'en');
    await page.locator('[data-testid="cert-only-mark"]').first().waitFor({ state: 'visible' });
    expect(await page.locator('[data-testid="cert-only-mark"]').first().textContent()).toContain('Only the certificate is recorded');
    await saveScreen(page, 'en', 'phone', 'dashboard-two-cert-only');
    await page.setViewportSize(DESK);
    await saveScreen(page, 'en', 'desk', 'dashboard-two-cert-only');
    expect(await axeSerious(page)).toEqual([]);
    await setLanguage(page, 'zh-CN');
    expect(pageErrors).toEqual([]);
  });

  it('downloads the deadlines as a calendar file: one event per deadline, the renewal route inside, RFC 5545 lines', async () => {
    await page.goto(`${server.url}#/`);
    await page.locator('[data-testid="ics-download"]').waitFor({ state: 'visible', timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="ics-download"]').click()]);
    expect(download.suggestedFilename()).toBe('ukey-deadlines.ics');
    const text = readFileSync((await download.path())!, 'utf8');
    expect((text.match(/BEGIN:VEVENT\r\n/g) ?? []).length).toBe(2);
    for (const line of text.slice(0, -2).split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const unfolded = text.replace(/\r\n /g, '');
    expect(unfolded).toContain('延期办法：到期前在住建单位企业微信');
    expect(unfolded).toContain('长江养老');
    await saveScreen(page, 'zh-CN', 'desk', 'dashboard-calendar');
  });
});

describe('the same key recorded by certificate, then read directly: one record', () => {
  it('the demo key\'s certificate pasted, labelled, then the demo key read: one card with the label', async () => {
    const browser = await launchBrowser();
    try {
      const page = await windowsPage(browser);
      await page.goto(`${server.url}?demo=1#/`);
      const demoCard = page.locator('article.token-card[data-live="true"]').first();
      await demoCard.waitFor({ state: 'visible', timeout: 60_000 });
      const demoId = (await demoCard.getAttribute('data-token-id'))!;
      // The 9A certificate as the clerk would export it, read back from what the app stored (public data).
      const b64 = await page.evaluate(async (id) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const r = indexedDB.open('ukey-assistant');
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        const rec = await new Promise<{ der: ArrayBuffer }>((resolve, reject) => {
          const r = db.transaction('certificates').objectStore('certificates').get([id, 0x9a]);
          r.onsuccess = () => resolve(r.result as { der: ArrayBuffer });
          r.onerror = () => reject(r.error);
        });
        db.close();
        return btoa(String.fromCharCode(...new Uint8Array(rec.der)));
      }, demoId);
      // Forget the key on this device (its records go; the worker's demo card stays for this page, with the
      // same certificate), then record it by certificate as a clerk would.
      await demoCard.locator('[data-testid="remove-key"]').click();
      await demoCard.locator('[data-testid="remove-key-yes"]').click();
      await expect.poll(() => page.locator('article.token-card').count(), { timeout: 20_000 }).toBe(0);
      await page.evaluate(() => void (location.hash = '#/pair'));
      await page.locator('[data-testid="cert-paste"]').fill(b64);
      await page.locator('[data-testid="cert-paste-button"]').click();
      await expect.poll(() => page.locator('[data-testid="cert-added"]').textContent(), { timeout: 30_000 }).toContain('已记录');
      await page.evaluate(() => void (location.hash = '#/'));
      const certOnly = page.locator('article.token-card[data-token-id^="cert:"]');
      await certOnly.waitFor({ state: 'visible', timeout: 30_000 });
      await certOnly.locator('[data-testid="edit-label"]').click();
      await certOnly.locator('input[id^="label-"]').fill('社保（人事科）');
      await certOnly.locator('form.label-form button[type="submit"]').click();
      await expect.poll(() => certOnly.locator('h2').textContent()).toBe('社保（人事科）');
      // Now the key is read directly: the two records become one, the clerk's label kept.
      await page.evaluate(() => void (location.hash = '#/pair'));
      await page.locator('[data-testid="demo-button"]').click();
      await page.locator('article.token-card[data-live="true"]').first().waitFor({ state: 'visible', timeout: 60_000 });
      await expect.poll(() => page.locator('article.token-card').count(), { timeout: 30_000 }).toBe(1);
      expect(await page.locator('article.token-card[data-token-id^="cert:"]').count()).toBe(0);
      expect(await page.locator('article.token-card h2').first().textContent()).toBe('社保（人事科）');
      await saveScreen(page, 'zh-CN', 'desk', 'dashboard-merged');
      // The merged key's screens in both languages at both sizes (issue 16 "Done when"): one card, the clerk's
      // label, a key read directly (plugged in, not the certificate-only mark), and its detail page.
      const mergedId = (await page.locator('article.token-card').first().getAttribute('data-token-id'))!;
      for (const lang of LANGS) {
        await setLanguage(page, lang);
        for (const size of SIZES) {
          await page.setViewportSize(VIEWPORT[size]);
          await page.evaluate(() => void (location.hash = '#/'));
          const card = page.locator(`article.token-card[data-token-id="${mergedId}"]`);
          await card.locator('.cert-list li').first().waitFor({ state: 'visible', timeout: 30_000 });
          expect(await page.locator('article.token-card').count()).toBe(1);
          expect(await card.locator('h2').textContent()).toBe('社保（人事科）');
          expect(await card.locator('[data-testid="plug-state"]').count()).toBe(1);
          expect(await checkScreen(page, 'merged-dashboard', lang, size)).toEqual(CLEAN);
          await page.evaluate((h) => void (location.hash = h), tokenHash(mergedId));
          await page.locator('article.cert > h3').first().waitFor({ state: 'visible', timeout: 30_000 });
          expect(await page.locator('main').innerText()).toContain('社保（人事科）');
          expect(await checkScreen(page, 'merged-detail', lang, size)).toEqual(CLEAN);
        }
      }
      expect(pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe('every CA profile × RSA, P-256, SM2 (OpenSSL-made): recorded, matched to its CA, shown with its route', () => {
  let browser: LaunchedBrowser;
  let page: Page;
  let made: MadeCertificate[];

  beforeAll(async () => {
    made = makeProfileCertificates(CA_PROFILES.map((p) => p.id));
    browser = await launchBrowser();
    page = await windowsPage(browser);
    await page.goto(`${server.url}#/pair`);
    await page.locator('[data-testid="add-by-certificate"]').waitFor({ state: 'visible', timeout: 30_000 });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('each certificate is recorded — as a .cer (DER) or .pem file, or pasted Base64, by algorithm', async () => {
    for (const c of made) {
      if (c.alg === 'rsa') await page.locator('[data-testid="cert-file"]').setInputFiles({ name: `${c.unit}.pem`, mimeType: 'application/x-pem-file', buffer: Buffer.from(c.pem) });
      else if (c.alg === 'p256') await page.locator('[data-testid="cert-file"]').setInputFiles({ name: `${c.unit}.cer`, mimeType: 'application/pkix-cert', buffer: c.der });
      else {
        await page.locator('[data-testid="cert-paste"]').fill(c.der.toString('base64'));
        await page.locator('[data-testid="cert-paste-button"]').click();
      }
      await expect.poll(() => page.locator('[data-testid="cert-added"]').textContent(), { timeout: 30_000 }).toContain(`已记录：${c.unit}`);
    }
    expect(pageErrors).toEqual([]);
  });

  it('on 我的 UKEY each card names its CA, the CA\'s route (hotline or website) and the mark', async () => {
    await page.goto(`${server.url}#/`);
    await expect.poll(() => page.locator('article.token-card[data-token-id^="cert:"]').count(), { timeout: 30_000 }).toBe(made.length);
    for (const c of made) {
      const profile = CA_PROFILES.find((p) => p.id === c.profileId)!;
      const card = page.locator('article.token-card', { hasText: c.unit });
      expect(await card.locator('[data-testid="cert-only-mark"]').count(), c.unit).toBe(1);
      expect(await card.locator('[data-testid="cert-only-route"]').textContent(), c.unit).toContain(profile.name.zh);
      const route = (await card.locator('[data-testid="cert-only-route"]').textContent()) ?? '';
      for (const h of profile.hotlines) expect(route, c.unit).toContain(h);
      if (profile.serviceRoute.url) expect(route, c.unit).toContain(profile.serviceRoute.url);
    }
    await saveScreen(page, 'zh-CN', 'desk', 'dashboard-every-profile');
  });

  it('the detail page shows each key\'s algorithm as the certificate says it (RSA 2048, EC P-256, SM2)', async () => {
    for (const c of made.filter((m) => m.profileId === 'cfca' || m.profileId === 'scca')) {
      await page.goto(`${server.url}#/`);
      const card = page.locator('article.token-card', { hasText: c.unit });
      await card.getByRole('link', { name: '查看详情' }).click();
      await page.locator('#detail-title').waitFor({ state: 'visible', timeout: 30_000 }); // the dashboard's marks are gone
      await page.locator('[data-testid="cert-only-mark"]').waitFor({ state: 'visible', timeout: 30_000 });
      await page.locator('details').evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text, c.unit).toMatch(c.alg === 'rsa' ? /RSA[^]*2048/ : c.alg === 'p256' ? /P-256/ : /SM2/);
      expect(text, c.unit).toContain(c.unit);
    }
    await saveScreen(page, 'zh-CN', 'desk', 'detail-cert-only-sm2');
    expect(pageErrors).toEqual([]);
  });
});
