/**
 * Launches Debian's Chromium through playwright-core (browsers can't be downloaded here: TOOLING.md).
 * A persistent context is needed for installability checks: an ordinary context counts as incognito.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** Flags that work as root in this sandbox (TOOLING.md "Browser tests"). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LaunchOptions {
  /** A persistent profile (temporary directory, removed on close). Needed for installability. */
  readonly persistent?: boolean;
  /** Browser UI and `navigator.language`, e.g. 'zh-CN' (default) or 'en-US'. */
  readonly lang?: string;
}

export interface LaunchedBrowser {
  /** Null for a persistent context (Playwright gives no Browser object for it). */
  readonly browser: Browser | null;
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(options: LaunchOptions = {}): Promise<LaunchedBrowser> {
  const lang = options.lang ?? 'zh-CN';
  const args = [...CHROMIUM_ARGS, `--lang=${lang}`];
  const contextOptions = { locale: lang, viewport: { width: 1280, height: 800 } };
  if (options.persistent) {
    const profile = mkdtempSync(join(tmpdir(), 'ukey-e2e-profile-'));
    const context = await chromium.launchPersistentContext(profile, {
      ...contextOptions,
      executablePath: CHROMIUM_PATH,
      headless: true,
      args,
    });
    return {
      browser: null,
      context,
      close: async () => {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args });
  const context = await browser.newContext(contextOptions);
  return {
    browser,
    context,
    close: async () => {
      await context.close();
      await browser.close();
    },
  };
}
