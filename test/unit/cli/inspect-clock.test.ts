/**
 * `ukey inspect FILE --at TIME --server-date TIME` (issue 7 §1): --at is the PC's clock, --server-date a trusted
 * reference; each report's clockSuspect follows pki's rule (verdict at the trusted time ≠ verdict at --at).
 * Without --server-date the CLI has no evidence against --at, so it never names the clock. Certificates come
 * from `openssl ca` with fixed -startdate/-enddate (TOOLING.md).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateReport } from '../../../src/shared/pki/certificate-report';
import { makeTempDir, openssl, type TempDir } from '../pki/helpers/openssl';

let dir: TempDir;

const CA_CNF = `[ca]
default_ca=d
[d]
database=index.txt
serial=serial
new_certs_dir=.
default_md=sha256
policy=p
unique_subject=no
copy_extensions=none
[p]
commonName=supplied
[v3_ca]
basicConstraints=critical,CA:true
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
[leaf]
basicConstraints=CA:false
keyUsage=critical,digitalSignature
authorityKeyIdentifier=keyid
`;

function issue(name: string, start: string, end: string): void {
  openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-subj', `/CN=${name}`, '-out', `${name}.csr`], dir.path);
  openssl(['ca', '-batch', '-config', 'ca.cnf', '-cert', 'root.pem', '-keyfile', 'root.key', '-extensions', 'leaf', '-notext',
    '-startdate', start, '-enddate', end, '-in', `${name}.csr`, '-out', `${name}.pem`], dir.path);
}

beforeAll(() => {
  dir = makeTempDir('cli-clock');
  dir.write('ca.cnf', CA_CNF);
  dir.write('index.txt', '');
  dir.write('serial', '1000\n');
  openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'root.key', '-subj', '/CN=Clock Test Root', '-out', 'root.csr'], dir.path);
  openssl(['ca', '-batch', '-selfsign', '-config', 'ca.cnf', '-keyfile', 'root.key', '-extensions', 'v3_ca', '-notext',
    '-startdate', '20150101000000Z', '-enddate', '20450101000000Z', '-in', 'root.csr', '-out', 'root.pem'], dir.path);
  issue('expired-2019', '20180101000000Z', '20190101000000Z');
  issue('valid-2026', '20260101000000Z', '20270101000000Z');
  const bundle = ['expired-2019', 'valid-2026'].map((n) => new TextDecoder().decode(dir.read(`${n}.pem`))).join('');
  dir.write('bundle.pem', bundle);
  mkdirSync(dir.file('trust'));
  dir.write('trust/root.pem', dir.read('root.pem'));
}, 60_000);
afterAll(() => dir?.remove());

function inspect(...args: string[]): { status: number | null; reports: Record<string, CertificateReport>; stderr: string } {
  const result = spawnSync('npx', ['tsx', 'src/cli/main.ts', 'inspect', dir.file('bundle.pem'), '--trust', dir.file('trust'), ...args], {
    cwd: process.cwd(), encoding: 'utf8',
  });
  const reports: Record<string, CertificateReport> = {};
  if (result.status === 0) {
    for (const r of (JSON.parse(result.stdout) as { certificates: CertificateReport[] }).certificates) reports[r.subject.CN!] = r;
  }
  return { status: result.status, reports, stderr: result.stderr.replace(/^npm warn.*\n/gm, '') };
}

const verdicts = (reports: Record<string, CertificateReport>) =>
  Object.fromEntries(Object.entries(reports).map(([cn, r]) => [cn, [r.status, r.chain.status, r.clockSuspect]]));

describe('ukey inspect --at --server-date', () => {
  it('clock behind (2020) with a server Date of 2026: the 2019-expired certificate is not blamed, the 2026 one is', () => {
    const { status, reports } = inspect('--at', '2020-01-01T08:00:00Z', '--server-date', 'Mon, 30 Nov 2026 12:00:00 GMT');
    expect(status).toBe(0);
    expect(verdicts(reports)).toEqual({
      'expired-2019': ['expired', 'trusted', false],
      'valid-2026': ['not-yet-valid', 'trusted', true],
    });
  });

  it('clock ahead (2028) with a server Date of 2026: expired is named as the clock', () => {
    const { reports } = inspect('--at', '2028-03-01T00:00:00Z', '--server-date', '2026-11-30T12:00:00Z');
    expect(verdicts(reports)).toEqual({
      'expired-2019': ['expired', 'trusted', false],
      'valid-2026': ['expired', 'trusted', true],
    });
  });

  it('without --server-date the CLI has no evidence against --at: the clock is never named', () => {
    const { reports } = inspect('--at', '2020-01-01T08:00:00Z');
    expect(verdicts(reports)).toEqual({
      'expired-2019': ['expired', 'trusted', false],
      'valid-2026': ['not-yet-valid', 'trusted', false],
    });
  });

  it('a --server-date that is not a time: exit 2, one line', () => {
    const { status, stderr } = inspect('--server-date', 'soon');
    expect(status).toBe(2);
    expect(stderr.trim().split('\n')).toEqual(['ukey inspect: --server-date: not an ISO-8601 or HTTP date: soon']);
  });
});
