// `npm run ca -- …` as an operator uses it (issue 10 §5): init, issue with an RFC 4514 Chinese subject and fixed
// dates, serve with CORS for the app, openssl renews against it, an unlock request is listed and approved;
// `serve --demo` renews a certificate of the fixed demo CA.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromPem } from '../../src/servers/ca-server/ca-material';
import { loadDemoCa } from '../../src/servers/ca-server/demo-material';
import { issueEndEntity } from '../../src/servers/ca-server/issuance';
import { nameFromDnString } from '../../src/servers/ca-server/dn-string';
import { openRepository } from '../../src/servers/ca-server/open-repository';
import { policyFor } from '../../src/servers/ca-server/policy';
import {
  buildCertRequest,
  buildEscrowCommit,
  buildEscrowKeyQuery,
  buildEscrowPending,
  buildUnlockRequest,
  postCmpMessage,
  readEscrowKey,
  readEscrowReference,
  UKEY_INFO_TYPE,
  verifyCmpResponse,
  type BuiltCmpRequest,
} from '../../src/shared/cmp';
import { demoCaCertificateDer } from '../../src/virtual/demo-ca';
import { subjectFromCertificate } from '../../src/shared/pki/csr';
import { parseCertificate } from '../../src/shared/pki/parse-certificate';
import { freePort, opensslKey, run, softwareKey } from '../unit/cmp/support/ca-fixture';

let dir: string;
const servers: ChildProcess[] = [];
const ca = (args: string[]): ReturnType<typeof run> => run(process.execPath, ['--import', 'tsx', 'src/servers/ca-server/cli.ts', ...args]);

async function serve(args: string[]): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/servers/ca-server/cli.ts', 'serve', '--port', String(port), ...args], { stdio: 'ignore' });
  servers.push(child);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}`);
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (up) return `http://127.0.0.1:${port}`;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ukey-ca-cli-'));
});

afterAll(() => {
  for (const child of servers) child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run ca', () => {
  it('init, issue, serve; openssl renews; an unlock request is approved with a printed code', async () => {
    const caDir = join(dir, 'ca');
    expect((await ca(['init', '--dir', caDir, '--key', 'rsa'])).code).toBe(0);
    expect((await ca(['init', '--dir', caDir])).output).toContain('refusing to overwrite');
    const ee = await opensslKey(dir, 'ee');
    await opensslKey(dir, 'next');
    const issued = await ca(['issue', '--dir', caDir, '--pubkey', join(dir, 'ee.pub'), '--subject', 'CN=张三,O=单位', '--profile', '12309',
      '--not-before', '2026-01-01T00:00:00Z', '--not-after', '2030-01-01T00:00:00Z', '--out', join(dir, 'ee.pem')]);
    expect(issued.output).toContain('profile 12309');
    const cert = parseCertificate(fromPem(readFileSync(join(dir, 'ee.pem'), 'utf8')));
    expect(cert.subject.text).toBe('CN=张三, O=单位');
    expect(cert.notAfter.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect((await run('openssl', ['verify', '-CAfile', join(caDir, 'ca.pem'), join(dir, 'ee.pem')])).stdout).toContain(': OK');

    const url = await serve(['--dir', caDir, '--app-origin', 'http://localhost:5173']);
    const cors = await fetch(`${url}/.well-known/cmp`, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173' } });
    expect(cors.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    // Online unlock is offered only to a key whose PUK the token escrowed (issue 14 §2): escrow, then file.
    const recipient = subjectFromCertificate(fromPem(readFileSync(join(caDir, 'ca.pem'), 'utf8')));
    const caCmpCertificate = fromPem(readFileSync(join(caDir, 'cmp-signer.pem'), 'utf8'));
    const exchange = async (request: BuiltCmpRequest) => {
      const answer = await postCmpMessage(`${url}/.well-known/cmp`, request.der);
      if (answer.kind !== 'response') throw new Error(answer.kind);
      return verifyCmpResponse(answer.der, { transaction: request.transaction, caCmpCertificate });
    };
    const sender = { certificate: fromPem(readFileSync(join(dir, 'ee.pem'), 'utf8')), signer: ee.signer };
    const escrowKey = readEscrowKey(await exchange(buildEscrowKeyQuery(recipient)));
    const pending = readEscrowReference(await exchange(await buildEscrowPending({ sender, recipient, keySerial: 'SN-42', puk: new TextEncoder().encode('12345678'), escrowKey })));
    await exchange(await buildEscrowCommit({ sender, recipient, keySerial: 'SN-42', escrowId: pending.escrowId }));
    // The renewal after the escrow: ee.pem is retired by it (review defect 5) and escrows no more.
    const renewed = await run('openssl', ['cmp', '-server', url.replace('http://', ''), '-path', 'pkix/', '-cmd', 'kur', '-cert', 'ee.pem', '-key', 'ee.key',
      '-newkey', 'next.key', '-srvcert', join(caDir, 'cmp-signer.pem'), '-certout', 'renewed.pem'], dir);
    expect(renewed.output).toContain('received PKICONF');
    const outcome = await exchange(buildUnlockRequest({ recipient, keySerial: 'SN-42', name: '张三', phone: '13800000000' }));
    const requestId = readEscrowReference(outcome, UKEY_INFO_TYPE.unlockRequest).escrowId;
    expect((await ca(['unlock-requests', '--dir', caDir])).output).toContain(`${requestId}\tfiled`);
    const approved = await ca(['approve-unlock', '--dir', caDir, '--request', requestId, '--ttl', '300', '--attempts', '3']);
    expect(approved.output).toMatch(/解锁授权码 \/ unlock code: \d{16}\n/);
    expect(approved.output).toContain('13800000000');
  });

  it('serve --demo renews a certificate issued by the fixed demo CA, answering as the demo CA', async () => {
    const demoDir = join(dir, 'demo');
    const demo = await loadDemoCa(demoDir);
    const old = await softwareKey();
    const record = await issueEndEntity(demo, { subject: nameFromDnString('CN=演示用户,O=UKey Assistant Demo'), publicKey: old.spki, policy: policyFor('default'), now: new Date(), transactionId: null });
    const url = await serve(['--dir', demoDir, '--demo']);
    const next = await softwareKey();
    const request = await buildCertRequest({ kind: 'kur', signerCertificate: record.der, newPublicKey: next.spki, newKeySigner: next.signer, protectionSigner: old.signer });
    const answer = await postCmpMessage(`${url}/.well-known/cmp`, request.der);
    if (answer.kind !== 'response') throw new Error(answer.kind);
    const outcome = await verifyCmpResponse(answer.der, { transaction: request.transaction, caCmpCertificate: demoCaCertificateDer(), newPublicKey: next.spki });
    expect(outcome.kind).toBe('certificate');
  });

  it('enroll prints a one-time reference and secret bound to the subject; openssl ir enrols with them once', async () => {
    const caDir = join(dir, 'enroll-ca');
    expect((await ca(['init', '--dir', caDir])).code).toBe(0);
    const enrolled = await ca(['enroll', '--dir', caDir, '--subject', 'CN=王五,O=单位', '--ttl', '3600', '--key-serial', 'SN-77']);
    expect(enrolled.code).toBe(0);
    const reference = /reference: (\S+)/.exec(enrolled.output)?.[1];
    const secret = /secret: (\S+)/.exec(enrolled.output)?.[1];
    expect(reference).toMatch(/^[0-9a-f]{20}$/);
    expect(secret).toMatch(/^[0-9A-Z]{26}$/);
    expect(enrolled.output).toContain('CN=王五, O=单位');
    const url = await serve(['--dir', caDir]);
    await opensslKey(dir, 'enrol');
    const args = ['cmp', '-server', url.replace('http://', ''), '-path', 'pkix/', '-cmd', 'ir', '-newkey', 'enrol.key', '-subject', '/O=单位/CN=王五',
      '-ref', reference!, '-secret', `pass:${secret!}`, '-mac', 'hmacWithSHA256', '-srvcert', join(caDir, 'cmp-signer.pem'), '-certout', 'enrolled.pem'];
    expect((await run('openssl', args, dir)).output).toContain('received PKICONF');
    const issued = parseCertificate(fromPem(readFileSync(join(dir, 'enrolled.pem'), 'utf8')));
    expect(issued.subject.text).toBe('CN=王五, O=单位');
    expect((await run('openssl', args, dir)).output).toContain('PKIFailureInfo: notAuthorized');
    // --key-serial: the key serial's first escrow binding belongs to the certificate of this enrollment.
    expect(enrolled.output).toContain('UKEY SN-77');
    const store = await openRepository(caDir);
    try {
      expect(await store.findEnrolledCertificates('SN-77')).toEqual([issued.serialNumber]);
    } finally {
      await store.close();
    }
  });

  it('serve --demo prints on every start that it trusts a public demo key, and refuses NODE_ENV=production', async () => {
    const demoDir = join(dir, 'demo-banner');
    const port = await freePort();
    const started = await new Promise<string>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/servers/ca-server/cli.ts', 'serve', '--dir', demoDir, '--demo', '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
      servers.push(child);
      let output = '';
      const take = (chunk: Buffer): void => {
        output += chunk.toString();
        if (output.includes('CMP at')) resolve(output);
      };
      child.stdout.on('data', take);
      child.stderr.on('data', take);
      child.once('exit', () => resolve(output));
    });
    expect(started).toContain('DEMO');
    expect(started).toContain('演示');
    expect(started).toMatch(/public demo key/i);
    const refused = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/servers/ca-server/cli.ts', 'serve', '--dir', demoDir, '--demo', '--port', String(port + 1)], {
        stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' },
      });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      child.once('exit', (code) => resolve({ code, output }));
    });
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('NODE_ENV=production');
  });
});
