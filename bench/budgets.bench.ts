/**
 * Budgets of issue 4 §3, printed, never asserted: main-thread JS on first load (≤ 80 KB gzip), the lazy
 * chunks, offline cold start to a dashboard with cached tokens (≤ 1 s, Playwright), and Lighthouse 12
 * performance and accessibility (≥ 0.95) when it can run. Measures the build in dist/ (built if missing).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  ensureBuilt,
  launchBrowser,
  openDemo,
  REPO_ROOT,
  startPreviewServer,
  waitForServiceWorkerControl,
} from '../test/e2e/support';

type Row = Record<string, string | number>;

const DIST = join(REPO_ROOT, 'dist');
const FIRST_LOAD_BUDGET_KB = 80;
const COLD_START_BUDGET_MS = 1_000;
const LIGHTHOUSE_BUDGET = 0.95;
const COLD_START_RUNS = 5;

const kb = (bytes: number): number => Math.round((bytes / 1024) * 10) / 10;
const gzipBytes = (path: string): number => gzipSync(readFileSync(path), { level: 9 }).length;

/** Scripts the built index.html loads eagerly: module entry scripts and modulepreloads (same origin). */
function eagerScripts(html: string): string[] {
  const urls = new Set<string>();
  for (const match of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) urls.add(match[1] ?? '');
  for (const match of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) urls.add(match[1] ?? '');
  for (const match of html.matchAll(/<link\b[^>]*href="([^"]+)"[^>]*rel="modulepreload"/g)) urls.add(match[1] ?? '');
  return [...urls].filter((u) => u.endsWith('.js') && !/^[a-z]+:/i.test(u)).map((u) => u.replace(/^\.?\//, ''));
}

function bundleRows(): Row[] {
  ensureBuilt();
  const eager = eagerScripts(readFileSync(join(DIST, 'index.html'), 'utf8'));
  const eagerBytes = eager.reduce((sum, file) => sum + gzipBytes(join(DIST, file)), 0);
  const rows: Row[] = [
    {
      measure: 'main-thread JS on first load (gzip)',
      value: `${kb(eagerBytes)} KB`,
      budget: `≤ ${FIRST_LOAD_BUDGET_KB} KB`,
      within: kb(eagerBytes) <= FIRST_LOAD_BUDGET_KB ? 'yes' : 'NO',
      detail: `${eager.length} file(s): ${eager.join(', ')}`,
    },
  ];
  const lazy = readdirSync(join(DIST, 'assets'))
    .filter((f) => f.endsWith('.js') && !eager.includes(`assets/${f}`))
    .map((f) => ({ file: f, gz: gzipBytes(join(DIST, 'assets', f)), raw: statSync(join(DIST, 'assets', f)).size }))
    .sort((a, b) => b.gz - a.gz);
  for (const chunk of lazy) {
    rows.push({ measure: `lazy chunk ${chunk.file}`, value: `${kb(chunk.gz)} KB`, budget: '-', within: '-', detail: `${kb(chunk.raw)} KB raw` });
  }
  return rows;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** Offline cold start: a fresh page in a profile that has the app and a cached token, network off. */
async function coldStartRow(url: string): Promise<Row> {
  const launched = await launchBrowser();
  try {
    const setup = await launched.context.newPage();
    const tokenId = await openDemo(setup, url);
    await waitForServiceWorkerControl(setup);
    await setup.close();
    await launched.context.setOffline(true);
    const times: number[] = [];
    for (let run = 0; run < COLD_START_RUNS; run++) {
      const page = await launched.context.newPage();
      const start = performance.now();
      await page.goto(`${url}#/`);
      await page.locator(`article.token-card[data-token-id="${tokenId}"] .cert-list li`).first().waitFor({ state: 'visible', timeout: 30_000 });
      times.push(performance.now() - start);
      await page.close();
    }
    const ms = Math.round(median(times));
    return {
      measure: 'offline cold start to dashboard with cached token (median)',
      value: `${ms} ms`,
      budget: `≤ ${COLD_START_BUDGET_MS} ms`,
      within: ms <= COLD_START_BUDGET_MS ? 'yes' : 'NO',
      detail: `${COLD_START_RUNS} runs: ${times.map((t) => Math.round(t)).join(', ')} ms`,
    };
  } finally {
    await launched.close();
  }
}

function runLighthouse(url: string): Promise<{ performance: number; accessibility: number }> {
  const bin = join(REPO_ROOT, 'node_modules/lighthouse/cli/index.js');
  const flags = ['--headless=new', ...CHROMIUM_ARGS].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [bin, url, '--output=json', '--output-path=stdout', '--quiet', '--only-categories=performance,accessibility', `--chrome-flags=${flags}`],
      { cwd: REPO_ROOT, env: { ...process.env, CHROME_PATH: CHROMIUM_PATH }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err = (err + c.toString('utf8')).slice(-2_000)));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`lighthouse exited ${String(code)}: ${err.trim().split('\n').pop() ?? ''}`));
      try {
        const report = JSON.parse(out) as { categories: Record<string, { score: number | null }> };
        resolve({
          performance: report.categories.performance?.score ?? Number.NaN,
          accessibility: report.categories.accessibility?.score ?? Number.NaN,
        });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

async function lighthouseRows(url: string): Promise<Row[]> {
  try {
    const scores = await runLighthouse(url);
    return (['performance', 'accessibility'] as const).map((category) => ({
      measure: `Lighthouse 12 ${category}`,
      value: scores[category],
      budget: `≥ ${LIGHTHOUSE_BUDGET}`,
      within: scores[category] >= LIGHTHOUSE_BUDGET ? 'yes' : 'NO',
      detail: url,
    }));
  } catch (error) {
    return [{ measure: 'Lighthouse 12', value: 'could not run', budget: '-', within: '-', detail: error instanceof Error ? error.message : String(error) }];
  }
}

export default {
  title: 'Budgets: first-load JS, lazy chunks, offline cold start, Lighthouse',
  async run(): Promise<Row[]> {
    const rows = bundleRows();
    const server = await startPreviewServer();
    try {
      rows.push(await coldStartRow(server.url).catch((e: unknown) => ({
        measure: 'offline cold start',
        value: 'could not run',
        budget: `≤ ${COLD_START_BUDGET_MS} ms`,
        within: '-',
        detail: e instanceof Error ? e.message : String(e),
      })));
      rows.push(...(await lighthouseRows(server.url)));
    } finally {
      await server.close();
    }
    return rows;
  },
};
