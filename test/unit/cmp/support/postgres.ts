/**
 * A real PostgreSQL 15 for one test file (TOOLING.md): initdb + pg_ctl as the `postgres` user on a temp dir it
 * owns, on a free port; stopped by data directory afterwards. CI runs as root with postgresql installed.
 */
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { freePort, run } from './ca-fixture';

const BIN = '/usr/lib/postgresql/15/bin';

export interface RunningPostgres {
  readonly url: string;
  stop(): Promise<void>;
}

async function asPostgres(command: string): Promise<void> {
  const result = userInfo().uid === 0 ? await run('su', ['postgres', '-c', command]) : await run('sh', ['-c', command]);
  if (result.code !== 0) throw new Error(`${command} failed: ${result.output}`);
}

export async function startPostgres(): Promise<RunningPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'ukey-pg-'));
  if (userInfo().uid === 0) {
    const ids = await run('id', ['-u', 'postgres']);
    const gids = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(ids.stdout.trim()), Number(gids.stdout.trim()));
  }
  const data = join(dir, 'data');
  const port = await freePort();
  await asPostgres(`${BIN}/initdb -D ${data} -A trust -U postgres --no-sync > ${dir}/initdb.log 2>&1`);
  await asPostgres(`${BIN}/pg_ctl -D ${data} -o '-p ${port} -k ${dir} -c listen_addresses=127.0.0.1' -l ${dir}/log -w start`);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await asPostgres(`${BIN}/pg_ctl -D ${data} -m fast -w stop`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
