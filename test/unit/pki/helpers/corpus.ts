/**
 * Test corpus made with OpenSSL at test time (issue 3 §6): RSA-2048/3072, P-256/P-384, SM2 with distid,
 * root → intermediate → leaf, an intermediate that expires early, tampered signature, wrong issuer, unknown
 * issuer, self-signed leaf, RSA-PSS, revoked via CRL, dual (signing + encryption) certificates, Chinese subjects.
 */
import { writeFileSync } from 'node:fs';
import { orgCodeCheckChar, usciCheckChar } from '../../../../src/shared/ca-profiles/identifiers';
import { DISTID, makeTempDir, openssl, type TempDir } from './openssl';

/** A USCI whose positions 9–17 are a valid GB 11714 organisation code, as real ones are. */
export const ORG_CODE = `MA6CX123${orgCodeCheckChar('MA6CX123')}`;
export const USCI_BODY = `91510100${ORG_CODE}`;
export const USCI = `${USCI_BODY}${usciCheckChar(USCI_BODY)}`;

export interface Corpus {
  readonly dir: TempDir;
  /** Roots (anchors) in one PEM file, intermediates in another, as `openssl verify` takes them. */
  readonly rootsFile: string;
  readonly intermediatesFile: string;
  /** Name → DER file path (without extension: `${name}.der`, PEM at `${name}.pem`). */
  readonly names: readonly string[];
  readonly crlFile: string;
  readonly staleCrlFile: string;
  der(name: string): Uint8Array;
}

const SM2 = ['-sm3', '-sigopt', DISTID];

function key(dir: TempDir, name: string, kind: 'rsa2048' | 'rsa3072' | 'p256' | 'p384' | 'sm2'): void {
  const args =
    kind === 'rsa2048' || kind === 'rsa3072'
      ? ['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${kind.slice(3)}`]
      : ['genpkey', '-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${kind === 'p256' ? 'P-256' : kind === 'p384' ? 'P-384' : 'SM2'}`];
  openssl([...args, '-out', `${name}.key`], dir.path);
}

const CA_EXT = 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n';
const leafExt = (usage: string, aki = true): string =>
  `basicConstraints=CA:FALSE\nkeyUsage=critical,${usage}\nextendedKeyUsage=clientAuth,emailProtection\n` +
  `subjectKeyIdentifier=hash\n${aki ? 'authorityKeyIdentifier=keyid\n' : ''}crlDistributionPoints=URI:http://crl.example.test/ca.crl\n`;

function root(dir: TempDir, name: string, kind: Parameters<typeof key>[2], subject: string, digest: string[]): void {
  key(dir, name, kind);
  dir.write(`${name}.ext`, CA_EXT);
  openssl(['req', '-x509', '-new', '-key', `${name}.key`, ...digest, '-utf8', '-subj', subject, '-days', '3650',
    '-extensions', 'v3_ca', '-out', `${name}.pem`], dir.path);
}

function issue(
  dir: TempDir,
  name: string,
  kind: Parameters<typeof key>[2],
  subject: string,
  issuer: string,
  options: { days?: number; ext: string; digest: string[]; serial: string },
): void {
  key(dir, name, kind);
  dir.write(`${name}.ext`, options.ext);
  const sm2 = options.digest.includes(DISTID) ? ['-vfyopt', DISTID] : [];
  openssl(['req', '-new', '-key', `${name}.key`, ...options.digest, '-utf8', '-subj', subject, '-out', `${name}.csr`], dir.path);
  openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`, '-set_serial', options.serial,
    ...options.digest, ...sm2, '-days', String(options.days ?? 365), '-extfile', `${name}.ext`, '-out', `${name}.pem`], dir.path);
}

export function buildCorpus(): Corpus {
  const dir = makeTempDir('corpus');
  const sha256 = ['-sha256'];
  const chinese = `/C=CN/ST=四川省/L=成都市/O=成都示例科技有限公司/OU=${USCI}/CN=成都示例科技有限公司`;
  root(dir, 'rsa-root', 'rsa2048', '/C=CN/O=UKey Test/CN=UKey Test RSA Root', sha256);
  issue(dir, 'rsa-int', 'rsa3072', '/C=CN/O=UKey Test/CN=UKey Test RSA Intermediate', 'rsa-root',
    { ext: `${CA_EXT}authorityKeyIdentifier=keyid\n`, digest: sha256, serial: '0x1001', days: 1825 });
  issue(dir, 'rsa-leaf', 'rsa2048', chinese, 'rsa-int', { ext: leafExt('digitalSignature,nonRepudiation'), digest: sha256, serial: '0x2001' });
  issue(dir, 'rsa-enc', 'rsa2048', chinese, 'rsa-int', { ext: leafExt('keyEncipherment,dataEncipherment'), digest: sha256, serial: '0x2002' });
  issue(dir, 'rsa-revoked', 'rsa2048', '/C=CN/O=UKey Test/CN=Revoked Holder', 'rsa-int', { ext: leafExt('digitalSignature'), digest: sha256, serial: '0x2003' });
  issue(dir, 'short-int', 'rsa2048', '/C=CN/O=UKey Test/CN=Short-lived Intermediate', 'rsa-root',
    { ext: `${CA_EXT}authorityKeyIdentifier=keyid\n`, digest: sha256, serial: '0x1002', days: 10 });
  issue(dir, 'short-leaf', 'rsa2048', '/C=CN/O=UKey Test/CN=Under Short-lived', 'short-int', { ext: leafExt('digitalSignature'), digest: sha256, serial: '0x2004' });
  issue(dir, 'pss-leaf', 'rsa2048', '/C=CN/O=UKey Test/CN=PSS Holder', 'rsa-root',
    { ext: leafExt('digitalSignature'), digest: [...sha256, '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:32'], serial: '0x2005' });
  root(dir, 'ec-root', 'p384', '/C=CN/O=UKey Test/CN=UKey Test EC Root', ['-sha384']);
  issue(dir, 'ec-leaf', 'p256', '/C=CN/O=示例公司/CN=李四', 'ec-root', { ext: leafExt('digitalSignature'), digest: ['-sha384'], serial: '0x3001' });
  root(dir, 'sm2-root', 'sm2', '/C=CN/O=四川测试CA/CN=UKey Test SM2 Root', SM2);
  issue(dir, 'sm2-leaf', 'sm2', '/C=CN/O=北京示例公司/CN=张三', 'sm2-root', { ext: leafExt('digitalSignature,nonRepudiation'), digest: SM2, serial: '0x4001' });
  issue(dir, 'sm2-enc', 'sm2', '/C=CN/O=北京示例公司/CN=张三', 'sm2-root', { ext: leafExt('keyEncipherment,dataEncipherment,keyAgreement'), digest: SM2, serial: '0x4002' });
  // Same name as rsa-root, different key: leaves it signs claim rsa-root as issuer but do not verify with it.
  root(dir, 'fake-root', 'rsa2048', '/C=CN/O=UKey Test/CN=UKey Test RSA Root', sha256);
  issue(dir, 'wrong-issuer', 'rsa2048', '/C=CN/O=UKey Test/CN=Wrong Issuer', 'fake-root', { ext: leafExt('digitalSignature', false), digest: sha256, serial: '0x5001' });
  root(dir, 'other-root', 'p256', '/C=CN/O=Elsewhere/CN=Unknown CA', sha256);
  issue(dir, 'unknown-issuer', 'p256', '/C=CN/O=Elsewhere/CN=Orphan', 'other-root', { ext: leafExt('digitalSignature'), digest: sha256, serial: '0x5002' });
  key(dir, 'self', 'p256');
  openssl(['req', '-x509', '-new', '-key', 'self.key', '-sha256', '-subj', '/CN=Self Signed Leaf', '-days', '365', '-out', 'self.pem'], dir.path);

  const names = ['rsa-root', 'rsa-int', 'rsa-leaf', 'rsa-enc', 'rsa-revoked', 'short-int', 'short-leaf', 'pss-leaf', 'ec-root',
    'ec-leaf', 'sm2-root', 'sm2-leaf', 'sm2-enc', 'wrong-issuer', 'unknown-issuer', 'self', 'tampered'];
  for (const name of names.filter((n) => n !== 'tampered')) {
    openssl(['x509', '-in', `${name}.pem`, '-outform', 'DER', '-out', `${name}.der`], dir.path);
  }
  const tampered = dir.read('rsa-leaf.der');
  tampered[tampered.length - 1]! ^= 0x01; // last byte of the signature value
  dir.write('tampered.der', tampered);
  openssl(['x509', '-inform', 'DER', '-in', 'tampered.der', '-out', 'tampered.pem'], dir.path);

  // CRLs from rsa-int with `openssl ca`: one current, one that is already past nextUpdate after 2 hours.
  dir.write('index.txt', '');
  dir.write('crlnumber', '01\n');
  dir.write('ca.cnf', '[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\ncrlnumber=crlnumber\ndefault_md=sha256\ndefault_crl_days=7\n');
  const ca = ['-config', 'ca.cnf', '-keyfile', 'rsa-int.key', '-cert', 'rsa-int.pem'];
  openssl(['ca', ...ca, '-revoke', 'rsa-revoked.pem'], dir.path);
  openssl(['ca', ...ca, '-gencrl', '-out', 'int.crl.pem'], dir.path);
  openssl(['ca', ...ca, '-gencrl', '-crlhours', '1', '-out', 'stale.crl.pem'], dir.path);
  openssl(['crl', '-in', 'int.crl.pem', '-outform', 'DER', '-out', 'int.crl'], dir.path);
  openssl(['crl', '-in', 'stale.crl.pem', '-outform', 'DER', '-out', 'stale.crl'], dir.path);
  // The root's CRL (revoking nothing), so paths through rsa-int can be "good" on every link (issue 14 §1).
  dir.write('root-index.txt', '');
  dir.write('root-crlnumber', '01\n');
  dir.write('root-ca.cnf', '[ca]\ndefault_ca=d\n[d]\ndatabase=root-index.txt\ncrlnumber=root-crlnumber\ndefault_md=sha256\ndefault_crl_days=30\n');
  openssl(['ca', '-config', 'root-ca.cnf', '-keyfile', 'rsa-root.key', '-cert', 'rsa-root.pem', '-gencrl', '-out', 'root.crl.pem'], dir.path);
  openssl(['crl', '-in', 'root.crl.pem', '-outform', 'DER', '-out', 'root.crl'], dir.path);

  const cat = (files: string[]): string => files.map((f) => dir.read(f)).map((b) => Buffer.from(b).toString('utf8')).join('');
  const rootsFile = dir.file('roots.pem');
  writeFileSync(rootsFile, cat(['rsa-root.pem', 'ec-root.pem', 'sm2-root.pem']));
  const intermediatesFile = dir.file('intermediates.pem');
  writeFileSync(intermediatesFile, cat(['rsa-int.pem', 'short-int.pem']));
  return {
    dir,
    rootsFile,
    intermediatesFile,
    names,
    crlFile: dir.file('int.crl'),
    staleCrlFile: dir.file('stale.crl'),
    der: (name) => dir.read(`${name}.der`),
  };
}
