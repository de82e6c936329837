/**
 * The path-validation attacks of the security review (2026-12-06, H1, M2, L3), forged with OpenSSL, through
 * the app's inspectCertificate and pki's buildChain. Each was accepted before RFC 5280 §6.1 was enforced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChain } from '../../../src/shared/pki/chain';
import { MemoryCrlCache } from '../../../src/shared/pki/crl-cache';
import { inspectCertificate } from '../../../src/shared/pki/inspect';
import { parseCertificate } from '../../../src/shared/pki/parse-certificate';
import { SIGN_IN_PURPOSE } from '../../../src/shared/pki/path-validation';
import { MemoryTrustStore } from '../../../src/shared/pki/trust-store';
import { CA_EXT, LEAF_EXT, makeForge, type Forge } from './helpers/forge';
import { opensslStatus } from './helpers/openssl';

let f: Forge;

/** DER of one TLV (short or long length form, ITU-T X.690 §8.1.3). */
function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(parts);
  const length = body.length < 0x80 ? [body.length] : body.length < 0x100 ? [0x81, body.length] : [0x82, body.length >> 8, body.length & 0xff];
  return new Uint8Array([tag, ...length, ...body]);
}

/** permitted dirName C=CN, O=成都示例科技有限公司 (PrintableString with UTF-8 bytes); excluded DNS evil.example.cn. */
function chineseNameConstraints(): string {
  const atv = (oidLast: number, value: Uint8Array): Uint8Array =>
    tlv(0x31, tlv(0x30, new Uint8Array([0x06, 0x03, 0x55, 0x04, oidLast]), tlv(0x13, value)));
  const name = tlv(0x30, atv(0x06, Buffer.from('CN')), atv(0x0a, Buffer.from('成都示例科技有限公司', 'utf8')));
  const permitted = tlv(0xa0, tlv(0x30, tlv(0xa4, name)));
  const excluded = tlv(0xa1, tlv(0x30, tlv(0x82, Buffer.from('evil.example.cn'))));
  return Buffer.from(tlv(0x30, permitted, excluded)).toString('hex');
}
const NOW = new Date(Date.now() + 86_400_000);
const ROOT = '/C=CN/O=UKey Test/CN=Path Root';
const INT = '/C=CN/O=UKey Test/CN=Path Intermediate';
const VICTIM = '/C=CN/O=Victim Corp/CN=Victim Boss';
/** A v1 issuer has no subjectKeyIdentifier to copy. */
const NO_AKI = LEAF_EXT.replace('authorityKeyIdentifier=keyid\n', '');

beforeAll(() => {
  f = makeForge('pathval');
  f.root('root', ROOT);
  f.issue('int', INT, 'root', CA_EXT);
  // H1: Mallory's end-entity certificate without basicConstraints (RFC 5280 §4.2.1.9 allows that) signs a victim.
  f.issue('mallory', '/C=CN/O=Mallory/CN=Mallory', 'int', 'keyUsage=critical,digitalSignature\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n');
  f.issue('victim-by-mallory', VICTIM, 'mallory', LEAF_EXT);
  // pathlen:0 exceeded.
  f.issue('int-pl0', '/C=CN/O=UKey Test/CN=Pathlen Zero', 'root', CA_EXT.replace('CA:TRUE', 'CA:TRUE,pathlen:0'));
  f.issue('int-below-pl0', '/C=CN/O=UKey Test/CN=Below Pathlen Zero', 'int-pl0', CA_EXT);
  f.issue('leaf-pl0', VICTIM, 'int-below-pl0', LEAF_EXT);
  // An intermediate without keyCertSign.
  f.issue('int-nokcs', '/C=CN/O=UKey Test/CN=No KeyCertSign', 'root', CA_EXT.replace('keyCertSign,cRLSign', 'digitalSignature,cRLSign'));
  f.issue('leaf-nokcs', VICTIM, 'int-nokcs', LEAF_EXT);
  // Name constraints on a directoryName in Chinese: only O=成都示例科技有限公司 below this intermediate, written
  // as a PrintableString holding UTF-8 bytes (as older Chinese CA software does); the leaves use UTF8String.
  f.issue('int-nc', '/C=CN/O=UKey Test/CN=Constrained', 'root', `${CA_EXT}2.5.29.30=critical,DER:${chineseNameConstraints()}\n`);
  f.issue('leaf-nc-out', VICTIM, 'int-nc', LEAF_EXT);
  f.issue('leaf-nc-in', '/C=CN/O=成都示例科技有限公司/CN=张三', 'int-nc', LEAF_EXT);
  f.issue('leaf-nc-san', '/C=CN/O=成都示例科技有限公司/CN=李四', 'int-nc', `${LEAF_EXT}subjectAltName=DNS:www.evil.example.cn\n`);
  // rfc822Name constraints also bind the subject's emailAddress attribute (RFC 5280 §4.2.1.10), and iPAddress ones.
  f.issue('int-nc-mail', '/C=CN/O=UKey Test/CN=Mail Constrained', 'root',
    `${CA_EXT}nameConstraints=critical,permitted;email:.example.cn,permitted;IP:10.0.0.0/255.0.0.0\n`);
  f.issue('leaf-mail-out', '/C=CN/O=UKey Test/CN=Boss/emailAddress=boss@victim.com', 'int-nc-mail', LEAF_EXT);
  f.issue('leaf-mail-in', '/C=CN/O=UKey Test/CN=Clerk/emailAddress=clerk@mail.example.cn', 'int-nc-mail', `${LEAF_EXT}subjectAltName=IP:10.1.2.3\n`);
  f.issue('leaf-ip-out', '/C=CN/O=UKey Test/CN=Device', 'int-nc-mail', `${LEAF_EXT}subjectAltName=IP:192.168.1.1\n`);
  // An unknown critical extension in an intermediate and in a leaf.
  f.issue('int-crit', '/C=CN/O=UKey Test/CN=Critical Unknown', 'root', `${CA_EXT}1.2.3.4.5.6.7=critical,DER:0500\n`);
  f.issue('leaf-crit-int', VICTIM, 'int-crit', LEAF_EXT);
  f.issue('leaf-crit', VICTIM, 'int', `${LEAF_EXT}1.2.3.4.5.6.7=critical,DER:0500\n`);
  // A leaf whose extendedKeyUsage is serverAuth only (L3), and others for the sign-in purpose.
  f.issue('leaf-server', VICTIM, 'int', LEAF_EXT.replace('clientAuth', 'serverAuth'));
  f.issue('leaf-any', VICTIM, 'int', LEAF_EXT.replace('clientAuth', 'anyExtendedKeyUsage'));
  f.issue('leaf-noeku', VICTIM, 'int', LEAF_EXT.replace('extendedKeyUsage=clientAuth\n', ''));
  f.issue('leaf-vendor', VICTIM, 'int', LEAF_EXT.replace('clientAuth', '1.2.156.99999.1'));
  f.issue('leaf', '/C=CN/O=UKey Test/CN=Good Leaf', 'int', LEAF_EXT);
  // A v1 intermediate (no extensions at all).
  f.issue('int-v1', '/C=CN/O=UKey Test/CN=Version One', 'root', '');
  f.issue('leaf-v1', VICTIM, 'int-v1', NO_AKI);
  // Self-issued intermediates do not count against pathLenConstraint (RFC 5280 §6.1.4 (l)).
  f.issue('int-pl0b', '/C=CN/O=UKey Test/CN=Rekeyed', 'root', CA_EXT.replace('CA:TRUE', 'CA:TRUE,pathlen:0'));
  f.issue('int-pl0b-new', '/C=CN/O=UKey Test/CN=Rekeyed', 'int-pl0b', CA_EXT);
  f.issue('leaf-rekeyed', '/C=CN/O=UKey Test/CN=Under Rekeyed', 'int-pl0b-new', LEAF_EXT);
  // M2: an intermediate revoked in the root's CRL.
  f.issue('int-revoked', '/C=CN/O=UKey Test/CN=Revoked Intermediate', 'root', CA_EXT);
  f.issue('leaf-under-revoked', VICTIM, 'int-revoked', LEAF_EXT);
  // A root whose keyUsage lacks cRLSign, and a leaf under it: its CRL proves nothing (RFC 5280 §6.3.3 (f)).
  f.root('root-nocrlsign', '/C=CN/O=UKey Test/CN=No CRLSign Root', CA_EXT.replace('keyCertSign,cRLSign', 'keyCertSign').replace('authorityKeyIdentifier=keyid\n', ''));
  f.issue('leaf-nocrlsign', '/C=CN/O=UKey Test/CN=Under No CRLSign', 'root-nocrlsign', LEAF_EXT);
  // A v1 root is fine as a trust anchor.
  f.root('root-v1', '/C=CN/O=UKey Test/CN=V1 Root', '');
  f.issue('leaf-v1-root', '/C=CN/O=UKey Test/CN=Under V1 Root', 'root-v1', NO_AKI);
}, 120_000);

afterAll(() => process.env.KEEP_FORGE ? undefined : f.dir.remove());

const intermediates = ['int', 'int-nc-mail', 'mallory', 'int-pl0', 'int-below-pl0', 'int-nokcs', 'int-nc', 'int-crit', 'int-v1', 'int-pl0b', 'int-pl0b-new', 'int-revoked'];

function store(): MemoryTrustStore {
  const s = new MemoryTrustStore();
  s.addAnchor(f.der('root'));
  s.addAnchor(f.der('root-nocrlsign'));
  s.addAnchor(f.der('root-v1'));
  for (const name of intermediates) s.addIntermediate(f.der(name));
  return s;
}

async function inspect(name: string, crls: readonly string[] = []) {
  const crlCache = new MemoryCrlCache();
  for (const issuer of crls) await crlCache.add(f.dir.read(`${issuer}.crl`));
  return inspectCertificate(f.der(name), { now: NOW, trustStore: store(), crlCache });
}

describe('RFC 5280 §6.1 issuer rules (review H1)', () => {
  it('an end-entity certificate without basicConstraints cannot issue a "Victim Corp" certificate', async () => {
    const report = await inspect('victim-by-mallory');
    expect(report.chain.status).toBe('issuer-not-ca');
    expect(report.chain.rule).toMatch(/§6\.1\.4 \(k\)/);
  });

  it('a v1 certificate is an issuer only as a trust anchor', async () => {
    expect((await inspect('leaf-v1')).chain.status).toBe('issuer-not-ca');
    expect((await inspect('leaf-v1-root')).chain.status).toBe('trusted');
  });

  it('an intermediate without keyCertSign cannot issue', async () => {
    const report = await inspect('leaf-nokcs');
    expect(report.chain.status).toBe('issuer-key-usage');
    expect(report.chain.rule).toMatch(/§6\.1\.4 \(n\)/);
  });

  it('pathLenConstraint 0 exceeded is refused; a self-issued intermediate is not counted', async () => {
    const report = await inspect('leaf-pl0');
    expect(report.chain.status).toBe('path-too-long');
    expect(report.chain.rule).toMatch(/§6\.1\.4 \(l\)/);
    expect((await inspect('leaf-rekeyed')).chain.status).toBe('trusted');
  });

  it('a subject outside the issuer\'s directoryName constraint is refused; a Chinese name inside passes', async () => {
    expect((await inspect('leaf-nc-out')).chain.status).toBe('name-constraints');
    expect((await inspect('leaf-nc-in')).chain.status).toBe('trusted');
  });

  it('an excluded dNSName in subjectAltName is refused', async () => {
    expect((await inspect('leaf-nc-san')).chain.status).toBe('name-constraints');
  });

  it('rfc822Name constraints bind the subject\'s emailAddress; iPAddress constraints bind IP subjectAltNames', async () => {
    expect((await inspect('leaf-mail-out')).chain.status).toBe('name-constraints');
    expect((await inspect('leaf-ip-out')).chain.status).toBe('name-constraints');
    expect((await inspect('leaf-mail-in')).chain.status).toBe('trusted');
  });

  it('an unknown critical extension anywhere in the path is refused', async () => {
    expect((await inspect('leaf-crit-int')).chain.status).toBe('unknown-critical-extension');
    expect((await inspect('leaf-crit')).chain.status).toBe('unknown-critical-extension');
    expect((await inspect('leaf')).chain.status).toBe('trusted');
  });
});

describe('revocation along the whole path (review M2)', () => {
  it('a leaf under an intermediate revoked in the root\'s CRL is refused', async () => {
    f.crl('root', ['int-revoked']);
    f.crl('int-revoked', []);
    const report = await inspect('leaf-under-revoked', ['root', 'int-revoked']);
    expect(report.chain.status).toBe('issuer-revoked');
    expect(report.revocation.status).toBe('revoked');
    expect(report.revocation.link).toBe('CN=Revoked Intermediate, O=UKey Test, C=CN');
  });

  it('an intermediate with no cached CRL makes the verdict "unknown" for that link, never "good"', async () => {
    f.crl('int', []);
    const report = await inspect('leaf', ['int']);
    expect(report.revocation.status).toBe('unknown');
    expect(report.revocation.unchecked).toBe('no-distribution-point'); // nothing cached, nowhere to fetch from
    expect(report.revocation.reason).toMatch(/Path Intermediate/);
    expect(report.revocation.link).toBe('CN=Path Intermediate, O=UKey Test, C=CN');
    const both = await inspect('leaf', ['int', 'root']);
    expect(both.revocation.status).toBe('good');
  });

  it('a CRL whose issuer lacks cRLSign proves nothing', async () => {
    f.crl('root-nocrlsign', []);
    const report = await inspect('leaf-nocrlsign', ['root-nocrlsign']);
    expect(report.revocation.status).toBe('unknown');
    expect(report.revocation.unchecked).toBe('crl-unverifiable');
  });
});

describe('sign-in purpose (review L3)', () => {
  async function forSignIn(name: string, loginEkus: readonly string[] = []) {
    const leaf = parseCertificate(f.der(name));
    return buildChain(leaf, store(), { now: NOW, purpose: { ...SIGN_IN_PURPOSE, extraExtKeyUsages: loginEkus } });
  }

  it('a serverAuth-only certificate is refused for sign-in', async () => {
    const verdict = await forSignIn('leaf-server');
    expect(verdict.status).toBe('wrong-key-usage');
    expect(verdict.rule).toMatch(/§4\.2\.1\.12/);
  });

  it('clientAuth, anyExtendedKeyUsage and no extendedKeyUsage are accepted', async () => {
    expect((await forSignIn('leaf')).status).toBe('trusted');
    expect((await forSignIn('leaf-any')).status).toBe('trusted');
    expect((await forSignIn('leaf-noeku')).status).toBe('trusted');
  });

  it('a CA profile\'s own login EKU is accepted only when the profile names it', async () => {
    expect((await forSignIn('leaf-vendor')).status).toBe('wrong-key-usage');
    expect((await forSignIn('leaf-vendor', ['1.2.156.99999.1'])).status).toBe('trusted');
  });
});

describe('OpenSSL as a second opinion on the same forged paths', () => {
  /** `openssl verify -x509_strict` with the path's intermediates as untrusted certificates. */
  function openssl(leaf: string, path: readonly string[]): boolean {
    const untrusted = path.length > 0 ? ['-untrusted', f.dir.write(`${leaf}-untrusted.pem`, path.map((n) => f.dir.read(`${n}.pem`)).map((b) => Buffer.from(b).toString()).join(''))] : [];
    return opensslStatus(['verify', '-x509_strict', '-CAfile', 'root.pem', ...untrusted, `${leaf}.pem`], f.dir.path).ok;
  }

  it.each([
    ['victim-by-mallory', ['int', 'mallory']],
    ['leaf-pl0', ['int-pl0', 'int-below-pl0']],
    ['leaf-nokcs', ['int-nokcs']],
    ['leaf-nc-out', ['int-nc']],
    ['leaf-nc-san', ['int-nc']],
    ['leaf-crit-int', ['int-crit']],
    ['leaf-crit', ['int']],
    ['leaf-v1', ['int-v1']],
  ] as const)('%s: refused by OpenSSL and by pki', async (leaf, path) => {
    expect(openssl(leaf, path)).toBe(false);
    expect((await inspect(leaf)).chain.status).not.toBe('trusted');
  });

  it.each([
    ['leaf', ['int']],
    ['leaf-rekeyed', ['int-pl0b', 'int-pl0b-new']],
  ] as const)('%s: accepted by OpenSSL and by pki', async (leaf, path) => {
    expect(openssl(leaf, path)).toBe(true);
    expect((await inspect(leaf)).chain.status).toBe('trusted');
  });
});
