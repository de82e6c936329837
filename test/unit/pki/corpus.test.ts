/**
 * Our verdicts against `openssl verify` on a corpus OpenSSL generates (issue 3 §6), plus the report fields.
 * The corpus is built once for this file (≈10 s, mostly RSA key generation).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate } from '../../../src/shared/pki/parse-certificate';
import { describePublicKey, parseSpki } from '../../../src/shared/pki/public-key';
import { verifySignature } from '../../../src/shared/pki/signature-registry';
import { pairDualCertificates } from '../../../src/shared/pki/dual-pair';
import { MemoryCrlCache } from '../../../src/shared/pki/crl-cache';
import { inspectWithCaProfiles } from '../../../src/shared/ca-profiles/inspect-with-profile';
import type { InspectContext } from '../../../src/shared/pki/inspect';
import type { CertificateReport } from '../../../src/shared/pki/certificate-report';
import { MemoryTrustStore } from '../../../src/shared/pki/trust-store';
import { buildCorpus, ORG_CODE, USCI, type Corpus } from './helpers/corpus';
import { DISTID, openssl, opensslStatus } from './helpers/openssl';

const DAY = 86_400_000;
let corpus: Corpus;
let trustStore: MemoryTrustStore;
let crlCache: MemoryCrlCache;
/** Evaluation time: just after the corpus (and its CRLs) were made. */
let start: Date;

beforeAll(async () => {
  corpus = buildCorpus();
  start = new Date(Date.now() + 1000);
  trustStore = new MemoryTrustStore();
  for (const root of ['rsa-root', 'ec-root', 'sm2-root']) trustStore.addAnchor(corpus.der(root));
  for (const int of ['rsa-int', 'short-int']) trustStore.addIntermediate(corpus.der(int));
  crlCache = new MemoryCrlCache();
  await crlCache.add(corpus.dir.read('int.crl'));
}, 120_000);
afterAll(() => corpus?.dir.remove());

const context = (now: Date, extra: Partial<InspectContext> = {}): InspectContext => ({ now, trustStore, crlCache, ...extra });
const inspect = (name: string, now?: Date, extra: Partial<InspectContext> = {}): Promise<CertificateReport> =>
  inspectWithCaProfiles(corpus.der(name), context(now ?? start, extra));

/** OpenSSL's first error as [code, depth], or [0, 0] for OK. */
function opensslVerdict(name: string, at: Date, crl: boolean): [number, number] {
  const args = ['verify', '-CAfile', corpus.rootsFile, '-untrusted', corpus.intermediatesFile,
    '-attime', String(Math.floor(at.getTime() / 1000))];
  if (crl) args.push('-crl_check', '-CRLfile', corpus.dir.file('int.crl.pem'));
  // OpenSSL 3.0 checks SM2 certificate signatures with an empty ID unless told (TOOLING.md).
  if (name.startsWith('sm2')) args.push('-vfyopt', DISTID);
  const { ok, output } = opensslStatus([...args, `${name}.pem`], corpus.dir.path);
  if (ok) return [0, 0];
  const match = /error (\d+) at (\d+) depth/.exec(output);
  if (!match) throw new Error(`unexpected openssl output: ${output}`);
  return [Number(match[1]), Number(match[2])];
}

/** What OpenSSL should say given our report (codes from openssl/x509_vfy.h). */
function expectedOpenssl(report: CertificateReport, crl: boolean): number[] {
  switch (report.chain.status) {
    case 'unknown-issuer':
      return [2, 20];
    case 'self-signed':
      return [18];
    case 'bad-signature':
      return [7];
    case 'issuer-expired':
      return [9, 10];
    default:
      if (report.status === 'expired') return [10];
      if (report.status === 'not-yet-valid') return [9];
      if (crl && report.revocation.status === 'revoked') return [23];
      return [0];
  }
}

const ALL = ['rsa-root', 'rsa-int', 'rsa-leaf', 'rsa-enc', 'pss-leaf', 'ec-leaf', 'sm2-leaf', 'sm2-enc', 'short-leaf', 'tampered',
  'wrong-issuer', 'unknown-issuer', 'self', 'rsa-revoked'];
/** Certificates whose only problem can be time: OpenSSL reports time errors top-down, we report the leaf's. */
const CLEAN = ['rsa-root', 'rsa-int', 'rsa-leaf', 'pss-leaf', 'ec-leaf', 'sm2-leaf', 'short-leaf', 'self', 'unknown-issuer'];

describe('verdicts match openssl verify', () => {
  it('now, for every certificate', async () => {
    for (const name of ALL) {
      const report = await inspect(name);
      expect(expectedOpenssl(report, false), name).toContain(opensslVerdict(name, start, false)[0]);
    }
  });

  it('with the CRL, for the intermediate’s leaves', async () => {
    for (const name of ['rsa-leaf', 'rsa-enc', 'rsa-revoked']) {
      const report = await inspect(name);
      expect(expectedOpenssl(report, true), name).toContain(opensslVerdict(name, start, true)[0]);
    }
    expect((await inspect('rsa-revoked')).revocation.status).toBe('revoked');
  });

  it('20 days on (short-lived intermediate expired), 400 days on (leaves expired), a day before issue', async () => {
    for (const at of [new Date(start.getTime() + 20 * DAY), new Date(start.getTime() + 400 * DAY), new Date(start.getTime() - DAY)]) {
      for (const name of CLEAN) {
        const report = await inspect(name, at);
        const [code, depth] = opensslVerdict(name, at, false);
        expect(expectedOpenssl(report, false), `${name} at ${at.toISOString()}`).toContain(code);
        if (report.chain.status === 'issuer-expired') expect(depth).toBeGreaterThan(0);
      }
    }
    expect((await inspect('short-leaf', new Date(start.getTime() + 20 * DAY))).chain.status).toBe('issuer-expired');
  });
});

describe('report fields', () => {
  it('decodes the Chinese subject, identifiers, usage and role of the RSA signing certificate', async () => {
    const report = await inspect('rsa-leaf');
    expect(report.subject).toMatchObject({ C: 'CN', ST: '四川省', L: '成都市', O: '成都示例科技有限公司', CN: '成都示例科技有限公司' });
    expect(report.subjectDN).toBe(`CN=成都示例科技有限公司, OU=${USCI}, O=成都示例科技有限公司, L=成都市, ST=四川省, C=CN`);
    expect(report.identifiers).toEqual({ usci: USCI, orgCode: ORG_CODE });
    expect(report.keyUsage).toEqual(['digitalSignature', 'nonRepudiation']);
    expect(report.extKeyUsage).toEqual(['clientAuth', 'emailProtection']);
    expect(report.role).toBe('signing');
    expect(report.publicKey).toEqual({ algorithm: 'RSA', bits: 2048 });
    expect(report.signatureAlgorithm).toBe('sha256WithRSAEncryption');
    expect(report.chain.path).toHaveLength(3);
    expect(report.status).toBe('valid');
    expect(report.daysLeft).toBe(364);
  });

  it('reports serial and fingerprints as OpenSSL does', async () => {
    for (const name of ['rsa-leaf', 'ec-leaf', 'sm2-leaf']) {
      const report = await inspect(name);
      const out = openssl(['x509', '-in', `${name}.pem`, '-noout', '-serial', '-fingerprint', '-sha256'], corpus.dir.path);
      expect(out).toContain(`serial=${report.serialNumber.toUpperCase().padStart(4, '0')}`);
      expect(out.replace(/:/g, '').toLowerCase()).toContain(report.fingerprints.sha256);
    }
  });

  it('names key sizes, curves and signature algorithms', async () => {
    expect((await inspect('rsa-int')).publicKey).toEqual({ algorithm: 'RSA', bits: 3072 });
    expect((await inspect('ec-root')).publicKey).toEqual({ algorithm: 'EC', bits: 384, curve: 'P-384' });
    const ec = await inspect('ec-leaf');
    expect([ec.publicKey, ec.signatureAlgorithm]).toEqual([{ algorithm: 'EC', bits: 256, curve: 'P-256' }, 'ecdsa-with-SHA384']);
    const sm2 = await inspect('sm2-leaf');
    expect([sm2.publicKey, sm2.signatureAlgorithm, sm2.signatureValid]).toEqual([{ algorithm: 'SM2', bits: 256, curve: 'SM2' }, 'SM3withSM2', true]);
    expect(sm2.subject).toMatchObject({ O: '北京示例公司', CN: '张三' });
    expect((await inspect('pss-leaf')).signatureAlgorithm).toBe('rsassaPss');
  });

  it('SM2 signatures do not verify with another signer ID', async () => {
    const report = await inspect('sm2-leaf', undefined, { signerId: 'not-the-default' });
    expect(report.signatureValid).toBe(false);
    expect(report.chain.status).toBe('bad-signature');
  });

  it('pairs the dual certificates by key usage', async () => {
    const reports = await Promise.all(['rsa-leaf', 'rsa-enc', 'sm2-leaf', 'sm2-enc', 'ec-leaf'].map((n) => inspect(n)));
    const pairs = pairDualCertificates(reports);
    expect(pairs.map((p) => [p.signing.serialNumber, p.encryption.serialNumber])).toEqual([['2001', '2002'], ['4001', '4002']]);
  });

  it('gives unknown issuer a null signatureValid and self-signed its own check', async () => {
    expect(await inspect('unknown-issuer')).toMatchObject({ signatureValid: null, chain: { status: 'unknown-issuer' } });
    expect(await inspect('self')).toMatchObject({ signatureValid: true, chain: { status: 'self-signed' } });
    expect(await inspect('tampered')).toMatchObject({ signatureValid: false, chain: { status: 'bad-signature' } });
  });
});

describe('revocation', () => {
  it('a stale CRL gives "unknown since nextUpdate", never good, but keeps a listed serial revoked', async () => {
    const stale = new MemoryCrlCache();
    await stale.add(corpus.dir.read('stale.crl'));
    const later = new Date(start.getTime() + 3 * 3_600_000);
    const good = await inspect('rsa-leaf', later, { crlCache: stale });
    expect(good.revocation.status).toBe('unknown');
    expect(good.revocation.reason).toMatch(/^revocation unknown since \d{4}-\d\d-\d\dT/);
    expect((await inspect('rsa-revoked', later, { crlCache: stale })).revocation.status).toBe('revoked');
  });

  it('fetches a fresh CRL through the injected fetcher when the cached one is stale', async () => {
    const cache = new MemoryCrlCache();
    await cache.add(corpus.dir.read('stale.crl'));
    await cache.add(corpus.dir.read('root.crl')); // the intermediate's link is checked too (issue 14 §1)
    const urls: string[] = [];
    const fetchCrl = async (url: string): Promise<Uint8Array> => {
      urls.push(url);
      return corpus.dir.read('int.crl');
    };
    const report = await inspect('rsa-leaf', new Date(start.getTime() + 3 * 3_600_000), { crlCache: cache, fetchCrl });
    expect(urls).toEqual(['http://crl.example.test/ca.crl']);
    expect(report.revocation.status).toBe('good');
  });

  it('says "unknown" for the intermediate\'s link when its issuer\'s CRL is not cached, even with the leaf\'s CRL fresh', async () => {
    const cache = new MemoryCrlCache();
    await cache.add(corpus.dir.read('int.crl'));
    const report = await inspect('rsa-leaf', undefined, { crlCache: cache });
    expect(report.revocation).toMatchObject({ status: 'unknown', unchecked: 'no-distribution-point', link: 'CN=UKey Test RSA Intermediate, O=UKey Test, C=CN' });
  });

  it('ignores a CRL whose signature does not verify', async () => {
    const bad = corpus.dir.read('int.crl');
    bad[bad.length - 1]! ^= 0xff;
    const cache = new MemoryCrlCache();
    await cache.add(bad);
    const report = await inspect('rsa-revoked', undefined, { crlCache: cache });
    expect(report.revocation).toEqual({ status: 'unknown', reason: 'cached CRL signature does not verify with the issuer key', unchecked: 'crl-unverifiable' });
  });

  it('without any CRL the status is unknown', async () => {
    expect((await inspect('ec-leaf')).revocation.status).toBe('unknown');
  });
});

describe('ukey inspect (CLI)', () => {
  const cli = (args: string[]): { status: number | null; stdout: string; stderr: string } => {
    const result = spawnSync('npx', ['tsx', 'src/cli/main.ts', 'inspect', ...args], { cwd: process.cwd(), encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr.replace(/^npm warn.*\n/gm, '') };
  };

  it('prints one JSON entry per certificate of a PKCS#7 bundle, with the chain from --trust and --crl', () => {
    openssl(['crl2pkcs7', '-nocrl', '-certfile', 'rsa-revoked.pem', '-certfile', 'rsa-int.pem', '-outform', 'DER', '-out', 'bundle.p7b'], corpus.dir.path);
    const trust = corpus.dir.file('trust');
    mkdirSync(trust);
    copyFileSync(corpus.dir.file('rsa-root.pem'), `${trust}/root.pem`);
    const at = new Date(start.getTime() + 60_000).toISOString();
    const { status, stdout } = cli([corpus.dir.file('bundle.p7b'), '--trust', trust, '--crl', corpus.dir.file('int.crl.pem'), '--at', at, '--threshold-days', '400']);
    expect(status).toBe(0);
    const { certificates } = JSON.parse(stdout) as { certificates: CertificateReport[] };
    expect(certificates.map((c) => [c.subject.CN, c.status, c.chain.status, c.revocation.status])).toEqual([
      ['Revoked Holder', 'expiring', 'trusted', 'revoked'],
      ['UKey Test RSA Intermediate', 'valid', 'trusted', 'unknown'],
    ]);
    expect(certificates[0]).toMatchObject({ serialNumber: '2003', signatureValid: true, publicKey: { algorithm: 'RSA', bits: 2048 } });
  });

  it('evaluates at --at and reports an unknown issuer with a null signatureValid', () => {
    const { status, stdout } = cli([corpus.dir.file('sm2-leaf.der'), '--at', new Date(start.getTime() + 400 * DAY).toISOString()]);
    expect(status).toBe(0);
    const [report] = (JSON.parse(stdout) as { certificates: CertificateReport[] }).certificates;
    expect(report).toMatchObject({ status: 'expired', signatureValid: null, chain: { status: 'unknown-issuer' }, signatureAlgorithm: 'SM3withSM2' });
  });

  it('unreadable input: exit 2 and one line on stderr, no stack', () => {
    const junk = corpus.dir.write('junk.bin', 'not a certificate at all');
    for (const args of [[junk], [corpus.dir.file('missing.pem')], [junk, '--at', 'yesterday']]) {
      const { status, stdout, stderr } = cli(args);
      expect(status, args.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('SM2 key encodings', () => {
  it('verifies with the issuer key given as algorithm OID 1.2.156.10197.1.301 as well as id-ecPublicKey + SM2 curve', async () => {
    const leaf = parseCertificate(corpus.der('sm2-leaf'));
    const root = parseCertificate(corpus.der('sm2-root'));
    const ecForm = parseSpki(root.spki);
    const sm2Form = new Uint8Array(AsnConvert.serialize(new SubjectPublicKeyInfo({
      algorithm: new AlgorithmIdentifier({ algorithm: '1.2.156.10197.1.301' }),
      subjectPublicKey: ecForm.subjectPublicKey,
    })));
    expect(describePublicKey(parseSpki(sm2Form))).toMatchObject({ algorithm: 'SM2', curve: 'SM2', bits: 256 });
    expect(await verifySignature(leaf, root.spki)).toBe(true);
    expect(await verifySignature(leaf, sm2Form)).toBe(true);
    expect(await verifySignature(leaf, parseCertificate(corpus.der('ec-root')).spki)).toBe(false);
  });
});
