/** `npm run ukey -- verify-login …` (issue 9 §4) as an operator runs it: a real process, files on disk. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueChallenge, MemoryChallengeStore } from '../../src/servers/verifier';
import { makeLogin, PORTAL } from '../unit/verifier/helpers/login-envelope';
import { buildLoginPki, type LeafName, type LoginPki } from '../unit/verifier/helpers/login-pki';

let pki: LoginPki;
let trustDir: string;

beforeAll(() => {
  pki = buildLoginPki();
  trustDir = join(pki.dir.path, 'trust');
  mkdirSync(trustDir);
  for (const name of ['root', 'int', 'sm2-root']) writeFileSync(join(trustDir, `${name}.pem`), pki.dir.read(`${name}.pem`));
  writeFileSync(join(trustDir, 'README.txt'), 'notes beside the CA files are skipped');
});
afterAll(() => pki.dir.remove());

async function responseFile(leaf: LeafName): Promise<{ file: string; challenge: string }> {
  const { challenge } = await issueChallenge(new MemoryChallengeStore(), { sessionId: 'x' });
  const file = pki.dir.write(`response-${leaf}-${challenge.slice(0, 6)}.json`, JSON.stringify(makeLogin(pki, { leaf, challenge, chain: [] })));
  return { file, challenge };
}

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'verify-login', ...args], { encoding: 'utf8', cwd: process.cwd() });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('ukey verify-login', () => {
  it('exit 0 and the identity as JSON, chain completed from --trust, CRL checked', async () => {
    for (const leaf of ['p256', 'sm2'] as const) {
      const { file, challenge } = await responseFile(leaf);
      const crl = leaf === 'sm2' ? pki.dir.file('sm2.crl') : pki.dir.file('int.crl.pem');
      const out = cli([file, '--challenge', challenge, '--origin', PORTAL, '--trust', trustDir, '--crl', crl]);
      expect(out.stderr).toBe('');
      expect(out.status).toBe(0);
      const identity = JSON.parse(out.stdout) as { origin: string; alg: string; subjectFields: Record<string, string> };
      expect(identity).toMatchObject({ origin: PORTAL, alg: leaf === 'sm2' ? 'SM2SM3' : 'ES256' });
    }
  });

  it('exit 1 and {"error":CODE} when the login is refused', async () => {
    const revoked = await responseFile('revoked');
    expect(cli([revoked.file, '--challenge', revoked.challenge, '--origin', PORTAL, '--trust', trustDir, '--crl', pki.dir.file('int.crl')]))
      .toMatchObject({ status: 1, stdout: '{"error":"CERT_REVOKED"}\n' });
    const good = await responseFile('p256');
    expect(cli([good.file, '--challenge', good.challenge, '--origin', 'https://evil.example.cn', '--trust', trustDir]))
      .toMatchObject({ status: 1, stdout: '{"error":"ORIGIN_MISMATCH"}\n' });
    expect(cli([good.file, '--challenge', revoked.challenge, '--origin', PORTAL, '--trust', trustDir]))
      .toMatchObject({ status: 1, stdout: '{"error":"CHALLENGE_UNKNOWN"}\n' });
    expect(cli([good.file, '--challenge', good.challenge, '--origin', PORTAL, '--trust', trustDir, '--at', '2040-01-01T00:00:00Z']))
      .toMatchObject({ status: 1, stdout: '{"error":"CERT_EXPIRED"}\n' });
  });

  it('exit 2 with a reason on bad usage or unreadable files', async () => {
    const good = await responseFile('p256');
    expect(cli([good.file, '--origin', PORTAL, '--trust', trustDir]).status).toBe(2);
    expect(cli([good.file, '--challenge', good.challenge, '--origin', PORTAL, '--trust', join(trustDir, 'missing')]).status).toBe(2);
    const badAt = cli([good.file, '--challenge', good.challenge, '--origin', PORTAL, '--trust', trustDir, '--at', 'yesterday']);
    expect(badAt).toMatchObject({ status: 2 });
    expect(badAt.stderr).toContain('--at');
  });
});
