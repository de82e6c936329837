// `kill -9` of the reference CA under autocannon load (issue 10 §6): after a restart, at most one certificate per
// transaction, every answered transaction's certificate stored, and every request sent again gets the stored
// answer (or, if it was never committed, a first one).
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRepository } from '../../src/servers/ca-server/open-repository';
import { buildCertRequest, postCmpMessage, verifyCmpResponse, type BuiltCmpRequest } from '../../src/shared/cmp';
import { parseCertificate } from '../../src/shared/pki/parse-certificate';
import { freePort, issue, softwareKey, startCa, type RunningCa } from '../unit/cmp/support/ca-fixture';

interface LoadRequest {
  body?: Buffer;
}
interface Tracker extends PromiseLike<unknown> {
  stop(): void;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  amount: number;
  method: string;
  headers: Record<string, string>;
  requests: Array<{
    setupRequest: (request: LoadRequest, context: Record<string, number>) => LoadRequest;
    onResponse: (status: number, body: string, context: Record<string, number>) => void;
  }>;
}) => Tracker;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const REQUESTS = 240;
const KILL_AFTER_ANSWERS = 60;

let fixture: RunningCa;
let requests: BuiltCmpRequest[];
const children: ChildProcess[] = [];

const canConnect = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

async function serve(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/servers/ca-server/cli.ts', 'serve', '--dir', fixture.dir, '--port', String(port)], { stdio: 'ignore' });
  children.push(child);
  while (!(await canConnect(port))) {
    if (child.exitCode !== null) throw new Error(`CA exited with ${child.exitCode}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return child;
}

beforeAll(async () => {
  fixture = await startCa();
  requests = [];
  for (let i = 0; i < REQUESTS; i++) {
    // Each kur renews its own certificate: one open key update per old certificate (issue 14 §2).
    const old = await softwareKey();
    const cert = await issue(fixture, old.spki);
    const next = await softwareKey();
    requests.push(await buildCertRequest({ kind: 'kur', signerCertificate: cert.der, newPublicKey: next.spki, newKeySigner: next.signer, protectionSigner: old.signer }));
  }
  // The in-process server only made the fixture; the CA under test runs as its own process.
  await fixture.http.close();
  await fixture.repository.close();
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await fixture?.close().catch(() => undefined);
});

describe('reference CA killed with SIGKILL under load', () => {
  it('keeps one certificate per transaction and every answered one, and replays after restart', async () => {
    const port = await freePort();
    const ca = await serve(port);
    const answered = new Set<number>();
    let sent = 0;
    let killed = false;
    const exited = new Promise((resolve) => ca.once('exit', resolve));
    const tracker = autocannon({
      url: `http://127.0.0.1:${port}/.well-known/cmp`,
      connections: 8,
      amount: REQUESTS,
      method: 'POST',
      headers: { 'content-type': 'application/pkixcmp' },
      requests: [
        {
          setupRequest: (request, context) => {
            context.index = sent++ % REQUESTS;
            return { ...request, body: Buffer.from(requests[context.index]!.der) };
          },
          onResponse: (status, _body, context) => {
            if (status === 200) answered.add(context.index!);
            if (!killed && answered.size >= KILL_AFTER_ANSWERS) {
              killed = true;
              ca.kill('SIGKILL');
            }
          },
        },
      ],
    });
    await exited;
    tracker.stop();
    await tracker;
    expect(killed).toBe(true);
    expect(answered.size).toBeLessThan(REQUESTS); // the kill landed mid-load, not after it

    const repository = await openRepository(fixture.dir);
    const certificates = (await repository.listCertificates()).filter((c) => c.transactionId !== null);
    const perTransaction = new Map<string, number>();
    for (const c of certificates) perTransaction.set(c.transactionId!, (perTransaction.get(c.transactionId!) ?? 0) + 1);
    expect([...perTransaction.values()].every((n) => n === 1)).toBe(true);
    const tidOf = (i: number): string => Buffer.from(requests[i]!.transaction.transactionId).toString('hex');
    for (const i of answered) expect(perTransaction.get(tidOf(i))).toBe(1);
    process.stdout.write(`ca-crash: ${answered.size} answered before SIGKILL, ${certificates.length} certificates stored\n`);
    const storedBefore = new Map(certificates.map((c) => [c.transactionId!, c.serial]));
    await repository.close();

    // Restart: every request sent again is answered; what was stored before is what comes back.
    const port2 = await freePort();
    await serve(port2);
    for (let i = 0; i < REQUESTS; i++) {
      const result = await postCmpMessage(`http://127.0.0.1:${port2}/pkix/`, requests[i]!.der);
      if (result.kind !== 'response') throw new Error(`request ${i}: ${JSON.stringify(result)}`);
      const outcome = await verifyCmpResponse(result.der, { transaction: requests[i]!.transaction, caCmpCertificate: fixture.ca.cmpCertificate });
      if (outcome.kind !== 'certificate') throw new Error(`request ${i}: ${outcome.kind}`);
      const before = storedBefore.get(tidOf(i));
      if (before) expect(parseCertificate(outcome.certificate).serialNumber).toBe(before);
    }
    const after = await openRepository(fixture.dir);
    const finalCertificates = (await after.listCertificates()).filter((c) => c.transactionId !== null);
    await after.close();
    expect(finalCertificates).toHaveLength(REQUESTS);
    expect(new Set(finalCertificates.map((c) => c.transactionId)).size).toBe(REQUESTS);
  });
});
