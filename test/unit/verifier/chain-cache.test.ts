/** A remembered "trusted" chain is reused only while every certificate on the path is valid, for the same inputs. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate } from '../../../src/shared/pki/parse-certificate';
import { MemoryTrustStore } from '../../../src/shared/pki/trust-store';
import { buildChainRemembered } from '../../../src/servers/verifier/chain-cache';
import { makeTempDir, openssl, type TempDir } from '../pki/helpers/openssl';

let dir: TempDir;
const DAY = 86_400_000;

beforeAll(() => {
  dir = makeTempDir('chain-cache');
  const run = (args: string[]) => openssl(args, dir.path);
  dir.write('ca.ext', 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'root.key', '-subj', '/CN=Cache Root', '-days', '3650',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-outform', 'DER', '-out', 'root.der']);
  run(['x509', '-inform', 'DER', '-in', 'root.der', '-out', 'root.pem']);
  run(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'int.key', '-subj', '/CN=Short Intermediate', '-out', 'int.csr']);
  run(['x509', '-req', '-in', 'int.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-set_serial', '2', '-days', '10', '-extfile', 'ca.ext', '-out', 'int.pem']);
  run(['x509', '-in', 'int.pem', '-outform', 'DER', '-out', 'int.der']);
  run(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'leaf.key', '-subj', '/CN=Leaf', '-out', 'leaf.csr']);
  run(['x509', '-req', '-in', 'leaf.csr', '-CA', 'int.pem', '-CAkey', 'int.key', '-set_serial', '3', '-days', '365', '-outform', 'DER', '-out', 'leaf.der']);
});
afterAll(() => dir.remove());

describe('buildChainRemembered', () => {
  it('reuses a trusted verdict only inside the path validity and for the same trust store content', async () => {
    const leaf = parseCertificate(dir.read('leaf.der'));
    const intermediate = dir.read('int.der');
    const store = new MemoryTrustStore([{ der: dir.read('root.der'), anchor: true }]);
    const now = new Date();
    expect((await buildChainRemembered(leaf, store, [intermediate], now)).status).toBe('trusted');
    expect((await buildChainRemembered(leaf, store, [intermediate], new Date(now.getTime() + DAY))).status).toBe('trusted');
    // The intermediate expires after 10 days: the remembered verdict must not outlive it.
    expect((await buildChainRemembered(leaf, store, [intermediate], new Date(now.getTime() + 20 * DAY))).status).toBe('issuer-expired');
    // Without the intermediate, or with the anchor removed, the answer is computed again.
    expect((await buildChainRemembered(leaf, store, [], now)).status).toBe('unknown-issuer');
    store.remove(parseCertificate(dir.read('root.der')).fingerprints.sha256);
    expect((await buildChainRemembered(leaf, store, [intermediate], now)).status).not.toBe('trusted');
  });
});
