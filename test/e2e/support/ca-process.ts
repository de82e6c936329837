/**
 * The reference RA/CA as a real process for E2E tests (`ca serve --demo`): started on a port, answered CORS
 * for the app's origin, stopped by process group.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from './preview-server';

export interface CaProcess {
  readonly port: number;
  stop(): Promise<void>;
}

export async function startCaProcess(dir: string, port: number, appOrigin: string): Promise<CaProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/servers/ca-server/cli.ts', 'serve', '--dir', dir, '--demo', '--host', '127.0.0.1', '--port', String(port), '--app-origin', appOrigin],
    { cwd: REPO_ROOT, stdio: 'ignore', detached: true },
  );
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid, 'SIGTERM');
    await exited;
  };
  for (let i = 0; i < 200; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/.well-known/cmp`, { method: 'OPTIONS', headers: { origin: appOrigin } }).then(() => true, () => false);
    if (up) return { port, stop };
    if (child.exitCode !== null) throw new Error(`CA exited with ${String(child.exitCode)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
  await stop();
  throw new Error('CA did not start');
}
