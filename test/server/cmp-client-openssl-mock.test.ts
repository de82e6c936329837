// Our CMP client (src/shared/cmp) against OpenSSL 3.0's mock CMP server over HTTP (issue 10 §6): kur with certConf,
// kur with delayed issuance (-poll_count, pollReq/pollRep), and the checks that must refuse a wrong answer.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromPem } from '../../src/servers/ca-server/ca-material';
import {
  buildCertConf,
  buildCertRequest,
  buildPollReq,
  CmpVerificationError,
  postCmpMessage,
  verifyCmpResponse,
  type CmpOutcome,
  type CmpTransaction,
} from '../../src/shared/cmp';
import { parseCertificate } from '../../src/shared/pki/parse-certificate';
import { MemoryTrustStore } from '../../src/shared/pki/trust-store';
import { freePort, opensslKey, run } from '../unit/cmp/support/ca-fixture';

let dir: string;
const mocks: ChildProcess[] = [];
const read = (name: string): Uint8Array => fromPem(readFileSync(join(dir, name), 'utf8'));
let oldKey: Awaited<ReturnType<typeof opensslKey>>;
let newKey: Awaited<ReturnType<typeof opensslKey>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ukey-cmp-mock-'));
  const sh = (args: string[]): ReturnType<typeof run> => run('openssl', args, dir);
  await opensslKey(dir, 'ca');
  await sh(['req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=Mock CA', '-days', '30', '-out', 'ca.pem', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign']);
  await opensslKey(dir, 'srv');
  await sh(['req', '-new', '-key', 'srv.key', '-subj', '/CN=Mock CMP', '-out', 'srv.csr']);
  await sh(['x509', '-req', '-in', 'srv.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '2', '-days', '30', '-out', 'srv.pem']);
  oldKey = await opensslKey(dir, 'old');
  await sh(['req', '-new', '-key', 'old.key', '-subj', '/CN=Zhang San/O=Unit', '-out', 'old.csr']);
  await sh(['x509', '-req', '-in', 'old.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '0x4321', '-days', '30', '-out', 'old.pem']);
  newKey = await opensslKey(dir, 'new');
  // OpenSSL 3.0's mock answers a kur only with a -rsp_cert that carries the OLD serial (TOOLING.md).
  await sh(['x509', '-new', '-force_pubkey', 'new.pub', '-subj', '/CN=Zhang San/O=Unit', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '0x4321', '-days', '30', '-out', 'rsp.pem']);
  // The same, for a key that is not ours: the client must refuse it.
  await opensslKey(dir, 'stranger');
  await sh(['x509', '-new', '-force_pubkey', 'stranger.pub', '-subj', '/CN=Zhang San/O=Unit', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '0x4321', '-days', '30', '-out', 'wrong.pem']);
});

afterAll(() => {
  for (const mock of mocks) mock.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

async function startMock(extra: string[], rspCert = 'rsp.pem'): Promise<string> {
  const port = await freePort();
  const mock = spawn('openssl', ['cmp', '-port', String(port), '-srv_cert', 'srv.pem', '-srv_key', 'srv.key', '-srv_trusted', 'ca.pem', '-rsp_cert', rspCert, ...extra], { cwd: dir, stdio: 'ignore' });
  mocks.push(mock);
  for (let i = 0; i < 100; i++) {
    // A bare TCP connect: the 3.0 mock never answers a malformed request, so an HTTP probe would hang.
    if (await canConnect(port)) return `http://127.0.0.1:${port}/pkix/`;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('mock server did not start');
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const sender = () => ({ certificate: read('old.pem'), chain: [read('ca.pem')], signer: oldKey.signer });

async function exchange(url: string, der: Uint8Array, transaction: CmpTransaction, checks: { newKey?: boolean } = {}): Promise<CmpOutcome> {
  const sent = await postCmpMessage(url, der);
  if (sent.kind !== 'response') throw new Error(`transfer failed: ${JSON.stringify(sent)}`);
  return verifyCmpResponse(sent.der, {
    transaction,
    caCmpCertificate: read('srv.pem'),
    ...(checks.newKey ? { newPublicKey: newKey.spki, trustStore: new MemoryTrustStore([{ der: read('ca.pem'), anchor: true }]) } : {}),
  });
}

describe('our CMP client → openssl cmp mock server', () => {
  it('renews with kur, verifies the kup (pinned signer, nonces, key, chain) and confirms', async () => {
    const url = await startMock([]);
    const request = await buildCertRequest({
      kind: 'kur', signerCertificate: read('old.pem'), chain: [read('ca.pem')], newPublicKey: newKey.spki, newKeySigner: newKey.signer, protectionSigner: oldKey.signer,
    });
    const kup = await exchange(url, request.der, request.transaction, { newKey: true });
    expect(kup.kind).toBe('certificate');
    if (kup.kind !== 'certificate') return;
    expect(parseCertificate(kup.certificate).spki).toEqual(newKey.spki);
    const conf = await buildCertConf({ sender: sender(), transaction: kup.transaction, certificate: kup.certificate, verdict: { accept: true } });
    expect((await exchange(url, conf.der, conf.transaction)).kind).toBe('confirmed');
  });

  it('polls with pollReq while the mock answers waiting, then gets the certificate', async () => {
    const url = await startMock(['-poll_count', '2', '-check_after', '0']);
    const request = await buildCertRequest({
      kind: 'kur', signerCertificate: read('old.pem'), newPublicKey: newKey.spki, newKeySigner: newKey.signer, protectionSigner: oldKey.signer,
    });
    let outcome = await exchange(url, request.der, request.transaction, { newKey: true });
    const seen: string[] = [outcome.kind];
    while (outcome.kind === 'waiting') {
      const poll = await buildPollReq(sender(), outcome.transaction);
      outcome = await exchange(url, poll.der, poll.transaction, { newKey: true });
      seen.push(outcome.kind);
    }
    expect(seen).toEqual(['waiting', 'waiting', 'certificate']);
    if (outcome.kind !== 'certificate') return;
    const conf = await buildCertConf({ sender: sender(), transaction: outcome.transaction, certificate: outcome.certificate, verdict: { accept: true } });
    expect((await exchange(url, conf.der, conf.transaction)).kind).toBe('confirmed');
  });

  it('refuses a certificate for another key and tells the CA with certConf(reject)', async () => {
    const url = await startMock([], 'wrong.pem');
    const request = await buildCertRequest({
      kind: 'kur', signerCertificate: read('old.pem'), newPublicKey: newKey.spki, newKeySigner: newKey.signer, protectionSigner: oldKey.signer,
    });
    const sent = await postCmpMessage(url, request.der);
    if (sent.kind !== 'response') throw new Error('no response');
    const error = await verifyCmpResponse(sent.der, { transaction: request.transaction, caCmpCertificate: read('srv.pem'), newPublicKey: newKey.spki }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CmpVerificationError);
    expect((error as CmpVerificationError).check).toBe('public-key');
    // The journal keeps the unverified certificate to reject it; here we read it from the raw kup.
    const unchecked = await verifyCmpResponse(sent.der, { transaction: request.transaction, caCmpCertificate: read('srv.pem') });
    if (unchecked.kind !== 'certificate') throw new Error('expected a certificate');
    const reject = await buildCertConf({
      sender: sender(), transaction: unchecked.transaction, certificate: unchecked.certificate,
      verdict: { accept: false, failInfo: 'badCertTemplate', reason: 'certificate is not for the new key' },
    });
    expect((await exchange(url, reject.der, reject.transaction)).kind).toBe('confirmed');
  });

  it('refuses a response when another CMP signer is pinned', async () => {
    const url = await startMock([]);
    const request = await buildCertRequest({
      kind: 'kur', signerCertificate: read('old.pem'), newPublicKey: newKey.spki, newKeySigner: newKey.signer, protectionSigner: oldKey.signer,
    });
    const sent = await postCmpMessage(url, request.der);
    if (sent.kind !== 'response') throw new Error('no response');
    const error = await verifyCmpResponse(sent.der, { transaction: request.transaction, caCmpCertificate: read('old.pem') }).catch((e: unknown) => e);
    expect((error as CmpVerificationError).check).toBe('untrusted-signer');
  });
});
