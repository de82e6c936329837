/** Runs OpenSSL for tests: the reference our verdicts are compared with. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DISTID = 'distid:1234567812345678';

export function openssl(args: string[], cwd: string, input?: string): string {
  return execFileSync('openssl', args, { cwd, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], input });
}

/** Exit status and combined output, for commands expected to fail (e.g. `openssl verify` on a bad chain). */
export function opensslStatus(args: string[], cwd: string): { ok: boolean; output: string } {
  const result = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

export interface TempDir {
  readonly path: string;
  file(name: string): string;
  read(name: string): Uint8Array;
  write(name: string, data: string | Uint8Array): string;
  remove(): void;
}

export function makeTempDir(prefix: string): TempDir {
  const path = mkdtempSync(join(tmpdir(), `ukey-${prefix}-`));
  return {
    path,
    file: (name) => join(path, name),
    read: (name) => new Uint8Array(readFileSync(join(path, name))),
    write: (name, data) => {
      writeFileSync(join(path, name), data);
      return join(path, name);
    },
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}
