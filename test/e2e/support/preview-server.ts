/**
 * Serves the BUILT app (dist/) with `vite preview` on a free 127.0.0.1 port for E2E tests.
 * Why a real preview server: the service worker, the manifest and the lazy chunks only exist in the
 * production build (scripts/test.sh runs `npm run build` before the e2e project).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PreviewServer {
  /** Base URL with a trailing slash, e.g. http://127.0.0.1:41234/ */
  readonly url: string;
  /** Stops the server (and its child processes). */
  close(): Promise<void>;
}

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const VITE_BIN = join(REPO_ROOT, 'node_modules/vite/bin/vite.js');
const START_TIMEOUT_MS = 60_000;

/** Asks the OS for a free TCP port on 127.0.0.1 (bind to 0, read it back, release it). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolvePort(port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * The built app the tests serve: dist/, or UKEY_DIST_DIR when set — so several engineers sharing one working
 * tree can each build (`npx vite build --outDir DIR`) and test their own copy without overwriting another's.
 */
const DIST_DIR = process.env.UKEY_DIST_DIR ?? join(REPO_ROOT, 'dist');

/** Builds the app once when a test file is run on its own without `npm run build` first. */
export function ensureBuilt(): void {
  if (existsSync(join(DIST_DIR, 'index.html'))) return;
  const result = spawnSync(process.execPath, [VITE_BIN, 'build', '--outDir', DIST_DIR], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`vite build failed with status ${String(result.status)}`);
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vite preview exited (${String(child.exitCode)}): ${output()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`vite preview did not answer at ${url} within ${START_TIMEOUT_MS} ms: ${output()}`);
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolveStop) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
    const timer = setTimeout(() => {
      killGroup(child, 'SIGKILL');
      resolveStop();
    }, 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    killGroup(child, 'SIGTERM');
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // The server runs in its own process group (detached), so this ends it and only it.
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

export interface PreviewOptions {
  /** Serve this directory instead of dist/ (e.g. a copy whose sw.js a test changes to simulate an update). */
  readonly distDir?: string;
}

/** Starts `vite preview --host 127.0.0.1 --port P --strictPort` on dist/ and waits until it answers. */
export async function startPreviewServer(options: PreviewOptions = {}): Promise<PreviewServer> {
  ensureBuilt();
  const port = await freePort();
  const outDir = ['--outDir', options.distDir ?? DIST_DIR];
  const child = spawn(
    process.execPath,
    [VITE_BIN, 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', ...outDir],
    { cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PORT: String(port) } },
  );
  let log = '';
  const collect = (chunk: Buffer): void => {
    log = (log + chunk.toString('utf8')).slice(-4_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitUntilServing(url, child, () => log);
  } catch (error) {
    await stop(child);
    throw error;
  }
  return { url, close: () => stop(child) };
}
