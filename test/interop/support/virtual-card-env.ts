/**
 * Interop environment: the Debian peers, one pcscd (vsmartcard-vpcd loaded) and our CLI card on vpcd port
 * 35963 with a temporary --state file. Interop files run one at a time (vitest.config.ts), so they share
 * the reader "Virtual PCD 00 00".
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const READER = 'Virtual PCD 00 00';
const OWN_PCSCD_PID = join(tmpdir(), 'ukey-interop-pcscd.pid');

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a tool, never throwing on a non-zero exit: tests assert on the code and output. */
export function runTool(file: string, args: string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((done) => {
    execFile(file, args, { cwd: options.cwd, timeout: options.timeoutMs ?? 60_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Running and not a zombie (a detached pcscd's exit may never be reaped in a container without init). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

function pidFrom(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function ensureSystemDeps(): void {
  execFileSync('bash', [join(REPO, 'scripts/install-system-deps.sh')], { stdio: 'inherit' });
}

async function readerListed(withCard: boolean): Promise<boolean> {
  const { stdout } = await runTool('opensc-tool', ['-l'], { timeoutMs: 10_000 });
  const line = stdout.split('\n').find((l) => l.includes(READER));
  return line !== undefined && (!withCard || /^\s*\d+\s+Yes\b/.test(line));
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * One pcscd for every interop file: reuse a running pcscd that already serves the vpcd reader (an earlier
 * file's, or the machine's); a pcscd this helper started earlier that no longer answers is stopped by its
 * recorded pid (never by name); otherwise `pcscd -f` starts detached, so it outlives this file.
 */
export async function ensurePcscd(): Promise<void> {
  if (await readerListed(false)) return;
  const own = pidFrom(OWN_PCSCD_PID);
  if (own && alive(own)) {
    process.kill(own, 'SIGTERM');
    await waitFor(async () => !alive(own), 'the unresponsive pcscd to exit', 10_000);
  }
  const child = spawn('pcscd', ['-f'], { detached: true, stdio: 'ignore' });
  child.unref();
  writeFileSync(OWN_PCSCD_PID, `${child.pid}\n`);
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`pcscd exited with code ${child.exitCode}`);
    return readerListed(false);
  }, `pcscd to list "${READER}"`);
}

export interface CardProcess {
  readonly statePath: string;
  readonly countPath: string;
  readonly dir: string;
  /** Everything the CLI wrote to stderr (the --trace lines), PIN data redacted by the CLI. */
  trace(): string;
  /** APDUs the card has answered so far. */
  apduCount(): number;
  stop(): Promise<void>;
}

/**
 * Starts `ukey virtual-token --vpcd` (from `initialState` when given, else a factory-fresh card) and waits
 * until OpenSC sees a card in the reader.
 */
export async function startCard(options: { initialState?: unknown; extraArgs?: string[] } = {}): Promise<CardProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'ukey-interop-'));
  const statePath = join(dir, 'card.json');
  const countPath = join(dir, 'count.txt');
  if (options.initialState !== undefined) writeFileSync(statePath, JSON.stringify(options.initialState));
  const extraArgs = options.extraArgs ?? [];
  const args = ['--import', 'tsx', join(REPO, 'src/cli/main.ts'), 'virtual-token', '--vpcd', '--port', '35963',
    '--state', statePath, '--count-file', countPath, '--trace', ...extraArgs];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    await waitFor(async () => stdout.includes('connected to vpcd') || child.exitCode !== null, 'the CLI card to connect');
    if (child.exitCode !== null) throw new Error(`virtual-token exited: ${stderr}`);
    await waitFor(() => readerListed(true), 'a card in the reader');
  } catch (error) {
    // Never leave a card process holding the vpcd port for the next file.
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    throw error;
  }
  return {
    statePath,
    countPath,
    dir,
    trace: () => stderr,
    apduCount: () => Number(readFileSync(countPath, 'utf8').trim()),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export function opensslPkcs11Module(): string {
  const files = execFileSync('dpkg', ['-L', 'opensc-pkcs11'], { encoding: 'utf8' }).split('\n');
  const module = files.find((f) => f.endsWith('/opensc-pkcs11.so'));
  if (!module) throw new Error('opensc-pkcs11.so not found in dpkg -L opensc-pkcs11');
  return module;
}
