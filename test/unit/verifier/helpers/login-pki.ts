/**
 * Keys, certificates and CRLs for sign-in tests, made with OpenSSL at test time: an RSA root → P-256
 * intermediate → leaves (P-256, RSA-2048, P-384, RSA-1024, encryption-only, revoked, expired 2017–2019), an
 * SM2 root → SM2 leaf (distid 1234567812345678), and an unrelated root with its own leaf. Signatures over
 * clientDataJSON come from `openssl dgst` (the real peer), so tests never check our code against itself.
 */
import { DISTID, makeTempDir, openssl, type TempDir } from '../../pki/helpers/openssl';
import { USCI } from '../../pki/helpers/corpus';

export type LeafName = 'p256' | 'rsa' | 'p384' | 'rsa1024' | 'enc' | 'revoked' | 'expired' | 'sm2' | 'untrusted';
type KeyKind = 'rsa2048' | 'rsa1024' | 'p256' | 'p384' | 'sm2';

export interface LoginPki {
  readonly dir: TempDir;
  /** DER of a certificate: 'root', 'int', 'sm2-root', 'other-root', 'p256-twin' (same key as p256), or a leaf. */
  der(name: string): Uint8Array;
  /** DER CRL of 'int' listing 'revoked' (current), and of 'sm2-root' (empty). */
  readonly crls: { readonly int: Uint8Array; readonly sm2: Uint8Array };
  /**
   * Signs with a leaf's key through `openssl dgst`; `digest` overrides the hash (e.g. sha1 for attacks) and
   * `sigopts` replace the SM2 distid option (wrong-ID attacks).
   */
  sign(leaf: LeafName, data: Uint8Array, digest?: string, sigopts?: readonly string[]): Uint8Array;
}

const GEN: Record<KeyKind, string[]> = {
  rsa2048: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  rsa1024: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024'],
  p256: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  p384: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'],
  sm2: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2'],
};
const SM2_SIG = ['-sm3', '-sigopt', DISTID];
const CA_EXT = 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n';
const leafExt = (usage: string): string =>
  `basicConstraints=CA:FALSE\nkeyUsage=critical,${usage}\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n`;

const LEAVES: Record<LeafName, { kind: KeyKind; issuer: 'int' | 'sm2-root' | 'other-root'; usage: string; subject: string }> = {
  p256: { kind: 'p256', issuer: 'int', usage: 'digitalSignature', subject: `/C=CN/O=成都示例科技有限公司/OU=${USCI}/CN=成都示例科技有限公司` },
  rsa: { kind: 'rsa2048', issuer: 'int', usage: 'digitalSignature,nonRepudiation', subject: '/C=CN/O=示例公司/CN=王五' },
  p384: { kind: 'p384', issuer: 'int', usage: 'digitalSignature', subject: '/C=CN/O=示例公司/CN=P384 Holder' },
  rsa1024: { kind: 'rsa1024', issuer: 'int', usage: 'digitalSignature', subject: '/C=CN/O=示例公司/CN=Weak Holder' },
  enc: { kind: 'p256', issuer: 'int', usage: 'keyAgreement', subject: `/C=CN/O=成都示例科技有限公司/OU=${USCI}/CN=成都示例科技有限公司` },
  revoked: { kind: 'p256', issuer: 'int', usage: 'digitalSignature', subject: '/C=CN/O=示例公司/CN=Revoked Holder' },
  expired: { kind: 'p256', issuer: 'int', usage: 'digitalSignature', subject: '/C=CN/O=示例公司/CN=Expired Holder' },
  sm2: { kind: 'sm2', issuer: 'sm2-root', usage: 'digitalSignature,nonRepudiation', subject: '/C=CN/O=北京示例公司/CN=张三' },
  untrusted: { kind: 'p256', issuer: 'other-root', usage: 'digitalSignature', subject: '/C=CN/O=Elsewhere/CN=Orphan' },
};

const sigFor = (kind: KeyKind): string[] => (kind === 'sm2' ? SM2_SIG : kind === 'p384' ? ['-sha384'] : ['-sha256']);

export function buildLoginPki(): LoginPki {
  const dir = makeTempDir('signin');
  const run = (args: string[]): string => openssl(args, dir.path);
  const kinds: Record<string, KeyKind> = {};
  const key = (name: string, kind: KeyKind): void => {
    kinds[name] = kind;
    run(['genpkey', ...GEN[kind], '-out', `${name}.key`]);
  };
  const root = (name: string, kind: KeyKind, subject: string): void => {
    key(name, kind);
    run(['req', '-x509', '-new', '-key', `${name}.key`, ...sigFor(kind), '-utf8', '-subj', subject, '-days', '3650',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', `${name}.pem`]);
  };
  const issue = (name: string, kind: KeyKind, issuer: string, subject: string, ext: string, serial: string): void => {
    key(name, kind);
    dir.write(`${name}.ext`, ext);
    const issuerSig = sigFor(kinds[issuer]!);
    const vfy = kinds[name] === 'sm2' ? ['-vfyopt', DISTID] : [];
    run(['req', '-new', '-key', `${name}.key`, ...sigFor(kind), '-utf8', '-subj', subject, '-out', `${name}.csr`]);
    run(['x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`, '-set_serial', serial, ...issuerSig, ...vfy,
      '-days', '365', '-extfile', `${name}.ext`, '-out', `${name}.pem`]);
  };

  root('root', 'rsa2048', '/C=CN/O=UKey Sign-in Test/CN=Sign-in Test Root');
  issue('int', 'p256', 'root', '/C=CN/O=UKey Sign-in Test/CN=Sign-in Test Issuing CA', `${CA_EXT}authorityKeyIdentifier=keyid\n`, '0x100');
  root('sm2-root', 'sm2', '/C=CN/O=四川测试CA/CN=Sign-in SM2 Root');
  root('other-root', 'p256', '/C=CN/O=Elsewhere/CN=Unknown CA');
  let serial = 0x200;
  for (const [name, leaf] of Object.entries(LEAVES) as [LeafName, (typeof LEAVES)[LeafName]][]) {
    if (name === 'expired') continue;
    issue(name, leaf.kind, leaf.issuer, leaf.subject, leafExt(leaf.usage), `0x${(serial++).toString(16)}`);
  }

  // Another certificate over the p256 key (same subject, new serial): the certificate-swap attack.
  run(['x509', '-req', '-in', 'p256.csr', '-CA', 'int.pem', '-CAkey', 'int.key', '-set_serial', '0x2ff', '-sha256', '-days', '365',
    '-extfile', 'p256.ext', '-out', 'p256-twin.pem']);

  // `openssl ca` for fixed dates (expired 2017–2019) and for the CRLs (TOOLING.md).
  dir.write('index.txt', '');
  dir.write('crlnumber', '01\n');
  dir.write('serial', '0300\n');
  dir.write('ca.cnf', '[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\ncrlnumber=crlnumber\nserial=serial\nnew_certs_dir=.\n' +
    'default_md=sha256\ndefault_crl_days=7\npolicy=p\nunique_subject=no\ncopy_extensions=none\n[p]\ncommonName=supplied\n');
  key('expired', 'p256');
  run(['req', '-new', '-key', 'expired.key', '-sha256', '-utf8', '-subj', LEAVES.expired.subject, '-out', 'expired.csr']);
  dir.write('expired.ext', leafExt('digitalSignature'));
  const intCa = ['-config', 'ca.cnf', '-keyfile', 'int.key', '-cert', 'int.pem'];
  run(['ca', '-batch', ...intCa, '-utf8', '-startdate', '20170101000000Z', '-enddate', '20190101000000Z', '-extfile', 'expired.ext',
    '-in', 'expired.csr', '-out', 'expired.pem']);
  run(['ca', ...intCa, '-revoke', 'revoked.pem']);
  run(['ca', ...intCa, '-gencrl', '-out', 'int.crl.pem']);
  dir.write('sm2-index.txt', '');
  dir.write('sm2.cnf', '[ca]\ndefault_ca=d\n[d]\ndatabase=sm2-index.txt\ncrlnumber=crlnumber\ndefault_md=sm3\ndefault_crl_days=7\n');
  run(['ca', '-config', 'sm2.cnf', '-keyfile', 'sm2-root.key', '-cert', 'sm2-root.pem', '-gencrl', '-sigopt', DISTID, '-out', 'sm2.crl.pem']);

  for (const name of ['root', 'int', 'sm2-root', 'other-root', 'p256-twin', ...Object.keys(LEAVES)]) {
    run(['x509', '-in', `${name}.pem`, '-outform', 'DER', '-out', `${name}.der`]);
  }
  for (const name of ['int', 'sm2']) run(['crl', '-in', `${name}.crl.pem`, '-outform', 'DER', '-out', `${name}.crl`]);

  return {
    dir,
    der: (name) => dir.read(`${name}.der`),
    crls: { int: dir.read('int.crl'), sm2: dir.read('sm2.crl') },
    sign(leaf, data, digest, sigopts) {
      dir.write('msg.bin', data);
      const kind = kinds[leaf]!;
      const how = sigopts ? ['-sm3', ...sigopts] : digest ? [`-${digest}`] : sigFor(kind);
      run(['dgst', ...how, '-sign', `${leaf}.key`, '-out', 'sig.bin', 'msg.bin']);
      return dir.read('sig.bin');
    },
  };
}
