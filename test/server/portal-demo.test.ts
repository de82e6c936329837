/**
 * `npm run portal -- --demo` as a process (issue 9 §5): it trusts the fixed demo CA, so a certificate the demo
 * CA issued (as the demo token's are) signs in; without any trust it refuses to start. The leaf is issued by
 * OpenSSL with the demo CA key; the login is signed by `openssl dgst`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCaCertificatePem, demoCaPrivateKeyPem } from '../../src/virtual/demo-ca';
import { buildClientDataJson } from '../../src/shared/signin/client-data';
import { buildEnvelope } from '../../src/shared/signin/envelope';
import { certificateHash } from '../../src/shared/signin/payload';
import { makeTempDir, openssl, type TempDir } from '../unit/pki/helpers/openssl';
import { freePort } from '../unit/verifier/helpers/redis-server';

let dir: TempDir;
let portal: ChildProcess;
let base: string;
let startOutput = '';

beforeAll(async () => {
  dir = makeTempDir('portal-demo');
  dir.write('demo-ca.pem', demoCaCertificatePem());
  dir.write('demo-ca.key', await demoCaPrivateKeyPem());
  dir.write('leaf.ext', 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n');
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'leaf.key'], dir.path);
  openssl(['req', '-new', '-key', 'leaf.key', '-utf8', '-subj', '/C=CN/O=演示单位/CN=演示用户', '-out', 'leaf.csr'], dir.path);
  openssl(['x509', '-req', '-in', 'leaf.csr', '-CA', 'demo-ca.pem', '-CAkey', 'demo-ca.key', '-set_serial', '0x42', '-sha256',
    '-extfile', 'leaf.ext', '-days', '30', '-outform', 'DER', '-out', 'leaf.der'], dir.path);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  portal = spawn(process.execPath, ['--import', 'tsx', 'src/servers/portal/main.ts', '--demo', '--audit-log', dir.file('audit.log')], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    portal.stdout!.on('data', (d: Buffer) => (startOutput += d.toString()));
    portal.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes('listening')) resolve();
    });
    portal.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    portal.once('exit', (code) => reject(new Error(`portal exited ${code}: ${output}`)));
  });
});

afterAll(async () => {
  if (portal && portal.exitCode === null) {
    const exited = new Promise((r) => portal.once('exit', r));
    portal.kill('SIGTERM');
    await exited;
  }
  dir?.remove();
});

describe('npm run portal -- --demo', () => {
  it('a certificate from the demo CA signs in; the audit log records it', async () => {
    const answer = await fetch(`${base}/ukey/challenge`, { method: 'POST' });
    const cookie = (answer.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { challenge } = (await answer.json()) as { challenge: string };
    const certificate = dir.read('leaf.der');
    const text = buildClientDataJson({ challenge, origin: base, iat: Math.floor(Date.now() / 1000), certHash: certificateHash(certificate),
      agent: 'http://127.0.0.1:4173/v1' });
    dir.write('login.bin', text);
    openssl(['dgst', '-sha256', '-sign', 'leaf.key', '-out', 'login.sig', 'login.bin'], dir.path);
    const envelope = buildEnvelope({ alg: 'ES256', clientData: new TextEncoder().encode(text), signature: dir.read('login.sig'), certificate });
    const verified = await fetch(`${base}/ukey/verify`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(envelope) });
    const body = (await verified.json()) as { subjectFields: Record<string, string>; issuer: string };
    expect(verified.status).toBe(200);
    expect(body.subjectFields.CN).toBe('演示用户');
    expect(body.issuer).toContain('UKey 助手演示 CA');
    const audit = readFileSync(dir.file('audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; subject?: string });
    expect(audit.map((e) => e.event)).toEqual(['challenge', 'login']);
    expect(audit[1]!.subject).toContain('演示用户');
  });

  it('says on every start, before listening, that it trusts a public demo key', () => {
    const banner = startOutput.indexOf('演示模式');
    expect(banner).toBeGreaterThanOrEqual(0);
    expect(banner).toBeLessThan(startOutput.indexOf('listening'));
    expect(startOutput).toMatch(/公开的演示 CA 密钥/);
    expect(startOutput).toMatch(/DEMO MODE.*public demo CA key/s);
  });

  it('refuses --demo with NODE_ENV=production, saying why', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/servers/portal/main.ts', '--demo', '--audit-log', dir.file('prod.log')], {
      env: { ...process.env, PORT: '1', NODE_ENV: 'production' },
      timeout: 60_000, // before the guard the portal started listening here and never exited
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/--demo/);
    expect(result.stderr).toMatch(/NODE_ENV=production/);
    expect(result.stdout).not.toContain('listening');
  });

  it('refuses a --trust-proxy value that is not an address or CIDR block', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/servers/portal/main.ts', '--demo', '--trust-proxy', 'proxy.local',
      '--audit-log', dir.file('proxy.log')], { env: { ...process.env, PORT: '1' }, encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--trust-proxy');
  });

  it('refuses to start with no trust anchors', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/servers/portal/main.ts', '--audit-log', dir.file('none.log')], {
      env: { ...process.env, PORT: '1' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no trust anchors');
  });
});
