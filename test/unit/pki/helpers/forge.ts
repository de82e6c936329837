/**
 * Forges certificate paths with OpenSSL the way the security review did (2026-12-06, H1/M2/L3): any extension
 * text `openssl x509 -extfile` takes, P-256 keys, CRLs from `openssl ca`. One temp directory per forge.
 */
import { makeTempDir, openssl, type TempDir } from './openssl';

export const CA_EXT = 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n';
export const LEAF_EXT = 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n';

export interface Forge {
  readonly dir: TempDir;
  /** A self-signed root with the given extensions (default: a CA). */
  root(name: string, subject: string, ext?: string): Uint8Array;
  /** A certificate for `subject` signed by `issuer`; ext '' makes a v1 certificate. */
  issue(name: string, subject: string, issuer: string, ext: string): Uint8Array;
  der(name: string): Uint8Array;
  /** A CRL signed by `issuer` listing the named certificates. */
  crl(issuer: string, revoked: readonly string[]): Uint8Array;
}

let serial = 0x100;

export function makeForge(prefix: string): Forge {
  const dir = makeTempDir(prefix);
  const key = (name: string): void => {
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`], dir.path);
  };
  const toDer = (name: string): Uint8Array => {
    openssl(['x509', '-in', `${name}.pem`, '-outform', 'DER', '-out', `${name}.der`], dir.path);
    return dir.read(`${name}.der`);
  };
  return {
    dir,
    root(name, subject, ext = CA_EXT.replace('authorityKeyIdentifier=keyid\n', '')) {
      key(name);
      dir.write(`${name}.ext`, `[v3]\n${ext}`);
      openssl(['req', '-x509', '-new', '-key', `${name}.key`, '-sha256', '-utf8', '-subj', subject, '-days', '3650',
        '-config', `${name}.ext`, '-extensions', 'v3', '-out', `${name}.pem`], dir.path);
      return toDer(name);
    },
    issue(name, subject, issuer, ext) {
      key(name);
      openssl(['req', '-new', '-key', `${name}.key`, '-sha256', '-utf8', '-subj', subject, '-out', `${name}.csr`], dir.path);
      dir.write(`${name}.ext`, ext);
      serial += 1;
      openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`, '-set_serial', `0x${serial.toString(16)}`,
        '-sha256', '-days', '365', ...(ext === '' ? [] : ['-extfile', `${name}.ext`]), '-out', `${name}.pem`], dir.path);
      return toDer(name);
    },
    der: (name) => dir.read(`${name}.der`),
    crl(issuer, revoked) {
      const db = `${issuer}-index.txt`;
      dir.write(db, '');
      dir.write(`${issuer}-crlnumber`, '01\n');
      dir.write(`${issuer}-ca.cnf`, `[ca]\ndefault_ca=d\n[d]\ndatabase=${db}\ncrlnumber=${issuer}-crlnumber\ndefault_md=sha256\ndefault_crl_days=30\n`);
      const ca = ['-config', `${issuer}-ca.cnf`, '-keyfile', `${issuer}.key`, '-cert', `${issuer}.pem`];
      for (const name of revoked) openssl(['ca', ...ca, '-revoke', `${name}.pem`], dir.path);
      openssl(['ca', ...ca, '-gencrl', '-out', `${issuer}.crl.pem`], dir.path);
      openssl(['crl', '-in', `${issuer}.crl.pem`, '-outform', 'DER', '-out', `${issuer}.crl`], dir.path);
      return dir.read(`${issuer}.crl`);
    },
  };
}
