/**
 * The reference CA under load (issue 10 §7, issue 14 §4): key updates per second with durable storage (SQLite
 * WAL, group commit: the WAL is fsynced before any answer of a batch is sent) and p50/p99 latency, measured with autocannon against the CA
 * as its own process (`npm run ca -- serve`), side by side in the same run with OpenSSL 3.0's `openssl cmp` mock
 * server on the same pre-signed kur requests (the mock stores nothing and answers one connection at a time).
 * Figures are printed, never asserted.
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { openRepository } from '../src/servers/ca-server/open-repository';
import { buildCertRequest } from '../src/shared/cmp';
import { freePort, issue, opensslKey, run, softwareKey, startCa } from '../test/unit/cmp/support/ca-fixture';
import type { BenchModule } from './run';

/** The part of autocannon's API used here (the package ships no types). */
interface LoadResult {
  readonly requests: { readonly total: number };
  readonly latency: { readonly p50: number; readonly p99: number };
  readonly duration: number;
  readonly '2xx': number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}
interface LoadRequest {
  body?: Buffer;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  amount: number;
  method: string;
  headers: Record<string, string>;
  requests: Array<{ setupRequest: (request: LoadRequest) => LoadRequest }>;
}) => Promise<LoadResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const REQUESTS = 600;
const CONNECTIONS = 8;

const canConnect = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (await canConnect(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('server did not start');
}

/**
 * CPU time (user + system) a server process has used, in ms, from /proc/<pid>/stat fields 14–15 (proc(5); clock
 * ticks of 1/100 s on Linux). The machine is shared and loaded, so wall-clock ratios swing; CPU per request does not.
 */
function cpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

async function load(url: string, bodies: readonly Uint8Array[], pid?: number): Promise<Record<string, string | number>> {
  let next = 0;
  const cpuBefore = cpuMs(pid);
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    amount: bodies.length,
    method: 'POST',
    headers: { 'content-type': 'application/pkixcmp' },
    // Each request carries the next pre-signed kur: distinct transactions, so every one is a real issuance.
    requests: [{ setupRequest: (request) => ({ ...request, body: Buffer.from(bodies[next++ % bodies.length]!) }) }],
  });
  const cpuAfter = cpuMs(pid);
  return {
    'kur/s': Math.round((result.requests.total / (result.duration || 1)) * 10) / 10,
    'server CPU ms/kur': cpuBefore === null || cpuAfter === null ? 'n/a' : Math.round(((cpuAfter - cpuBefore) / (result['2xx'] || 1)) * 100) / 100,
    // The mock resets some of the 8 connections it does not serve: kur/s counts those too, answered/s does not.
    'answered/s': Math.round((result['2xx'] / (result.duration || 1)) * 10) / 10,
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    answered: result['2xx'],
    sent: next,
    'non-2xx or errors': result.non2xx + result.errors + result.timeouts,
  };
}

const bench: BenchModule = {
  title: `ca: ${REQUESTS} key updates (kur, P-256), ${CONNECTIONS} connections — reference CA vs openssl cmp mock`,
  async run() {
    // CA material and an end-entity certificate whose key signs every kur (one tool run, then the CA stops).
    const fixture = await startCa();
    const work = mkdtempSync(join(tmpdir(), 'ukey-bench-ca-'));
    const children: ChildProcess[] = [];
    try {
      const old = await opensslKey(fixture.dir, 'old');
      const cert = await issue(fixture, old.spki, { name: 'old' });
      const newKey = await opensslKey(fixture.dir, 'new');
      // Our CA allows one open key update per old certificate (issue 14 §2): each kur renews its own certificate.
      // OpenSSL's 3.0 mock answers only kurs of its -rsp_cert's serial (TOOLING.md): it gets the same number of
      // kurs, all of that one certificate, as before. Same key, same sizes, same work per request for both.
      const bodies: Uint8Array[] = [];
      const mockBodies: Uint8Array[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        const own = i === 0 ? cert : await issue(fixture, old.spki);
        const next = i % 50 === 0 ? newKey : { ...newKey, ...(await softwareKey()) };
        const request = (signer: Uint8Array) => buildCertRequest({ kind: 'kur', signerCertificate: signer, newPublicKey: next.spki, newKeySigner: next.signer, protectionSigner: old.signer });
        bodies.push((await request(own.der)).der);
        mockBodies.push((await request(cert.der)).der);
      }
      await fixture.http.close();
      await fixture.repository.close();

      const caPort = await freePort();
      const ca = spawn(process.execPath, ['--import', 'tsx', 'src/servers/ca-server/cli.ts', 'serve', '--dir', fixture.dir, '--port', String(caPort)], { stdio: 'ignore' });
      children.push(ca);
      await waitForPort(caPort, ca);
      const ours = await load(`http://127.0.0.1:${caPort}/.well-known/cmp`, bodies, ca.pid);
      ca.kill('SIGTERM');
      await new Promise((resolve) => ca.once('exit', resolve));
      const repository = await openRepository(fixture.dir);
      const stored = (await repository.listCertificates()).filter((c) => c.transactionId !== null).length;
      await repository.close();

      // The 3.0 mock answers a kur only with a -rsp_cert carrying the old serial (TOOLING.md).
      await run('openssl', ['x509', '-new', '-force_pubkey', 'new.pub', '-subj', '/CN=bench', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', `0x${cert.serial}`, '-days', '30', '-out', join(work, 'rsp.pem')], fixture.dir);
      const mockPort = await freePort();
      const mock = spawn('openssl', ['cmp', '-port', String(mockPort), '-srv_cert', 'cmp-signer.pem', '-srv_key', 'cmp-signer.key', '-srv_trusted', 'ca.pem', '-rsp_cert', join(work, 'rsp.pem')], { cwd: fixture.dir, stdio: 'ignore' });
      children.push(mock);
      await waitForPort(mockPort, mock);
      const theirs = await load(`http://127.0.0.1:${mockPort}/pkix/`, mockBodies, mock.pid);
      return [
        { server: 'reference CA (fastify + SQLite, group commit, fsync before answer)', ...ours, 'certificates stored': stored },
        { server: 'openssl cmp 3.0 mock (no storage)', ...theirs, 'certificates stored': 'n/a' },
      ];
    } finally {
      for (const child of children) child.kill('SIGTERM');
      rmSync(work, { recursive: true, force: true });
      rmSync(fixture.dir, { recursive: true, force: true });
    }
  },
};

export default bench;
