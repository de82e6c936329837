/** CSRs signed by an injected signer (software keys here, the token in the app) that OpenSSL accepts. */
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCsr, subjectFromCertificate, verifyCsr, type CsrSigner } from '../../../src/shared/pki/csr';
import { readNameDer } from '../../../src/shared/pki/names';
import { SM2_CURVE } from '../../../src/shared/pki/sm/sm2-curve';
import { sm2GeneratePrivateKey, sm2PublicKeyOf, sm2Sign } from '../../../src/shared/pki/sm/sm2';
import { DISTID, makeTempDir, openssl, opensslStatus, type TempDir } from './helpers/openssl';

let dir: TempDir;
let subject: Uint8Array;

beforeAll(() => {
  dir = makeTempDir('csr');
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'old.key', '-sha256',
    '-utf8', '-subj', '/C=CN/O=成都示例科技有限公司/CN=王五', '-days', '30', '-out', 'old.pem'], dir.path);
  openssl(['x509', '-in', 'old.pem', '-outform', 'DER', '-out', 'old.der'], dir.path);
  subject = subjectFromCertificate(dir.read('old.der'));
});
afterAll(() => dir.remove());

const toBuffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;

async function webCryptoSigner(kind: 'rsa' | 'ec'): Promise<{ signer: CsrSigner; spki: Uint8Array }> {
  const params =
    kind === 'rsa'
      ? { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: Uint8Array.of(1, 0, 1), hash: 'SHA-256' }
      : { name: 'ECDSA', namedCurve: 'P-256' };
  const keys = (await crypto.subtle.generateKey(params, false, ['sign', 'verify'])) as CryptoKeyPair;
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
  const signer: CsrSigner = {
    algorithm: kind === 'rsa' ? 'sha256WithRSAEncryption' : 'ecdsa-with-SHA256',
    async sign(data) {
      const sig = new Uint8Array(await crypto.subtle.sign({ name: params.name, hash: 'SHA-256' }, keys.privateKey, toBuffer(data)));
      if (kind === 'rsa') return sig;
      // WebCrypto gives r‖s; X.509 wants DER SEQUENCE { r, s }.
      const { DER } = await import('@noble/curves/abstract/weierstrass.js');
      const n = (b: Uint8Array): bigint => BigInt(`0x${Buffer.from(b).toString('hex')}`);
      return hexToBytes(DER.hexFromSig({ r: n(sig.subarray(0, 32)), s: n(sig.subarray(32)) }));
    },
  };
  return { signer, spki };
}

describe('buildCsr', () => {
  for (const kind of ['rsa', 'ec'] as const) {
    it(`${kind}: openssl req -verify accepts it and the subject is the current certificate's`, async () => {
      const { signer, spki } = await webCryptoSigner(kind);
      const csr = await buildCsr({ subject, publicKeySpki: spki, signer });
      expect(await verifyCsr(csr)).toBe(true);
      dir.write(`${kind}.csr`, csr);
      const check = opensslStatus(['req', '-verify', '-in', `${kind}.csr`, '-inform', 'DER', '-noout'], dir.path);
      expect(check.output).toMatch(/verify OK|self-signature ok/i);
      expect(check.output).not.toMatch(/failure/i);
      expect(check.ok).toBe(true);
      expect(readNameDer(subject).fields).toEqual({ C: 'CN', O: '成都示例科技有限公司', CN: '王五' });
    });
  }

  it('SM2: signed with our SM2 code, OpenSSL verifies it with distid', async () => {
    const d = sm2GeneratePrivateKey();
    const point = sm2PublicKeyOf(d).toBytes(false);
    // SPKI: id-ecPublicKey with the SM2 curve OID, as OpenSSL writes it.
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', 'tmp.key'], dir.path);
    openssl(['pkey', '-in', 'tmp.key', '-pubout', '-outform', 'DER', '-out', 'tmp.spki'], dir.path);
    const template = dir.read('tmp.spki');
    const spki = new Uint8Array([...template.subarray(0, template.length - 65), ...point]);
    const signer: CsrSigner = { algorithm: 'SM3withSM2', sign: async (data) => sm2Sign(data, d) };
    const csr = await buildCsr({ subject, publicKeySpki: spki, signer });
    expect(await verifyCsr(csr)).toBe(true);
    expect(await verifyCsr(csr, 'another-id')).toBe(false);
    dir.write('sm2.csr', csr);
    const check = opensslStatus(['req', '-verify', '-in', 'sm2.csr', '-inform', 'DER', '-noout', '-vfyopt', DISTID], dir.path);
    // OpenSSL 3.0 `req -verify` exits 0 even when the signature fails: the printed verdict is what counts.
    expect(check.output).toMatch(/verify OK/i);
    expect(check.output).not.toMatch(/failure/i);
    expect(SM2_CURVE.byteLength).toBe(32);
  });
});
