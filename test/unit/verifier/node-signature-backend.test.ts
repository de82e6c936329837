/**
 * The verifier's Node signature backend (issue 14 §4): SM2 through OpenSSL with the signer ID set by computing
 * Z here, proved on signatures that `openssl dgst -sm3 -sigopt distid:…` makes; ECDSA and RSA through OpenSSL
 * with cached keys; installed into the pki registry so that certificate and CRL signatures take it too; and the
 * same verdicts as the portable (JavaScript / WebCrypto) paths on random messages.
 */
import fc from 'fast-check';
import { createPrivateKey, sign as nodeSign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { parseCertificate } from '../../../src/shared/pki/parse-certificate';
import { describePublicKey, parseSpki, sm2PointOf } from '../../../src/shared/pki/public-key';
import { verifySignature } from '../../../src/shared/pki/signature-registry';
import { sm2Verify } from '../../../src/shared/pki/sm/sm2';
import { installNodeSignatureBackend, sm2Backend, verifyWithNode } from '../../../src/servers/verifier/node-signature-backend';
import { makeTempDir, openssl, type TempDir } from '../pki/helpers/openssl';

let dir: TempDir;
const SM3_WITH_SM2 = '1.2.156.10197.1.501';
const ECDSA_SHA256 = '1.2.840.10045.4.3.2';

interface Key { spki: Uint8Array; keyFile: string }
const keys: Record<'sm2' | 'p256' | 'p384' | 'rsa', Key> = {} as Record<'sm2' | 'p256' | 'p384' | 'rsa', Key>;

function makeKey(name: keyof typeof keys, args: string[]): void {
  openssl(['genpkey', ...args, '-out', `${name}.key`], dir.path);
  openssl(['pkey', '-in', `${name}.key`, '-pubout', '-outform', 'DER', '-out', `${name}.spki`], dir.path);
  keys[name] = { spki: dir.read(`${name}.spki`), keyFile: `${name}.key` };
}

/** `openssl dgst` over `message`, with extra -sigopt arguments. */
function opensslSign(name: keyof typeof keys, digest: string, message: Uint8Array, sigopts: string[] = []): Uint8Array {
  dir.write('msg.bin', message);
  openssl(['dgst', `-${digest}`, '-sign', keys[name].keyFile, ...sigopts.flatMap((o) => ['-sigopt', o]), '-out', 'sig.der', 'msg.bin'], dir.path);
  return dir.read('sig.der');
}

/** The same description pki gives a certificate's key. */
const keyInfo = (spki: Uint8Array) => describePublicKey(parseSpki(spki));

beforeAll(() => {
  dir = makeTempDir('node-sig');
  makeKey('sm2', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2']);
  makeKey('p256', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
  makeKey('p384', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384']);
  makeKey('rsa', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']);
  installNodeSignatureBackend();
});
afterAll(() => dir?.remove());

describe('SM2 through OpenSSL', () => {
  const message = new TextEncoder().encode('{"type":"ukey.get","challenge":"abc"}');

  it('this Node and OpenSSL verify SM2 natively (the self-test passed)', () => {
    expect(sm2Backend()).toBe('openssl');
  });

  it('accepts what openssl dgst -sm3 -sigopt distid:1234567812345678 signed, refuses the empty-ID and other-ID signatures', () => {
    const good = opensslSign('sm2', 'sm3', message, ['distid:1234567812345678']);
    const emptyId = opensslSign('sm2', 'sm3', message);
    const alice = opensslSign('sm2', 'sm3', message, ['distid:ALICE123']);
    const input = (signature: Uint8Array) => ({ key: keyInfo(keys.sm2.spki), spkiDer: keys.sm2.spki, hash: 'SM3', tbs: message, signature });
    expect(verifyWithNode(input(good))).toBe(true);
    expect(verifyWithNode(input(emptyId))).toBe(false);
    expect(verifyWithNode(input(alice))).toBe(false);
    expect(verifyWithNode({ ...input(alice), signerId: 'ALICE123' })).toBe(true);
    expect(verifyWithNode({ ...input(emptyId), signerId: '' })).toBe(true);
    expect(verifyWithNode({ ...input(good), tbs: new TextEncoder().encode('{"type":"ukey.get","challenge":"abd"}') })).toBe(false);
    const tampered = good.slice();
    tampered[tampered.length - 1]! ^= 1;
    expect(verifyWithNode(input(tampered))).toBe(false);
    expect(verifyWithNode(input(new Uint8Array([0x30, 0x03, 0x02, 0x01])))).toBe(false);
  });

  it('reads an SM2 key whose SPKI names the curve OID as its algorithm (the other encoding seen in the wild)', () => {
    const point = keys.sm2.spki.slice(-65);
    const alternate = Uint8Array.from([...Buffer.from('3050300a06082a811ccf5501822d034200', 'hex'), ...point]);
    expect(keyInfo(alternate).kind).toBe('SM2');
    const good = opensslSign('sm2', 'sm3', message, ['distid:1234567812345678']);
    expect(verifyWithNode({ key: keyInfo(alternate), spkiDer: alternate, hash: 'SM3', tbs: message, signature: good })).toBe(true);
    expect(verifyWithNode({ key: keyInfo(alternate), spkiDer: alternate, hash: 'SM3', tbs: message, signature: opensslSign('sm2', 'sm3', message) }))
      .toBe(false);
  });

  it('answers through the pki registry too (certificate and CRL signatures), with the default ID', async () => {
    const good = opensslSign('sm2', 'sm3', message, ['distid:1234567812345678']);
    const signatureAlgorithm = new AlgorithmIdentifier({ algorithm: SM3_WITH_SM2 });
    expect(await verifySignature({ tbs: message, signatureAlgorithm, signature: good }, keys.sm2.spki)).toBe(true);
    expect(await verifySignature({ tbs: message, signatureAlgorithm, signature: opensslSign('sm2', 'sm3', message) }, keys.sm2.spki)).toBe(false);
  });

  it('verifies an OpenSSL-made SM2 certificate chain signature (req -x509 -sm3 with the distid)', async () => {
    openssl(['req', '-x509', '-new', '-key', 'sm2.key', '-sm3', '-sigopt', 'distid:1234567812345678', '-subj', '/CN=sm2 root', '-days', '30',
      '-outform', 'DER', '-out', 'sm2-root.der'], dir.path);
    const cert = parseCertificate(dir.read('sm2-root.der'));
    expect(await verifySignature({ tbs: cert.tbs, signatureAlgorithm: new AlgorithmIdentifier({ algorithm: SM3_WITH_SM2 }), signature: cert.signature },
      cert.spki)).toBe(true);
  });

  it('gives the same verdict as the JavaScript SM2 on random messages, genuine and altered', () => {
    const point = sm2PointOf(parseSpki(keys.sm2.spki));
    const signatures = new Map<string, Uint8Array>();
    fc.assert(fc.property(fc.uint8Array({ minLength: 0, maxLength: 64 }), fc.boolean(), fc.nat(63), (tbs, alter, at) => {
      const hex = Buffer.from(tbs).toString('hex');
      let signature = signatures.get(hex);
      if (!signature) signatures.set(hex, (signature = opensslSign('sm2', 'sm3', tbs, ['distid:1234567812345678'])));
      const used = signature.slice();
      if (alter) used[Math.min(at, used.length - 1)]! ^= 0x01;
      const native = verifyWithNode({ key: keyInfo(keys.sm2.spki), spkiDer: keys.sm2.spki, hash: 'SM3', tbs, signature: used });
      expect(native).toBe(sm2Verify(used, tbs, point));
      if (!alter) expect(native).toBe(true);
    }), { numRuns: 60 });
  });
});

describe('ECDSA and RSA through OpenSSL', () => {
  const message = new TextEncoder().encode('login bytes');

  it('accepts OpenSSL ECDSA (P-256, P-384) and RSA PKCS #1 v1.5 signatures and refuses altered ones', () => {
    for (const [name, hash, digest] of [['p256', 'SHA-256', 'sha256'], ['p384', 'SHA-384', 'sha384'], ['rsa', 'SHA-256', 'sha256']] as const) {
      const signature = opensslSign(name, digest, message);
      const input = { key: keyInfo(keys[name].spki), spkiDer: keys[name].spki, hash, tbs: message, signature };
      expect(verifyWithNode(input), name).toBe(true);
      expect(verifyWithNode({ ...input, tbs: new TextEncoder().encode('login bytez') }), name).toBe(false);
      const altered = signature.slice();
      altered[altered.length - 2]! ^= 0x40;
      expect(verifyWithNode({ ...input, signature: altered }), name).toBe(false);
    }
  });

  it('refuses an ECDSA signature in P1363 (r‖s) form, as the DER rule demands', () => {
    const key = createPrivateKey(Buffer.from(dir.read('p256.key')));
    const raw = new Uint8Array(nodeSign('sha256', message, { key, dsaEncoding: 'ieee-p1363' }));
    expect(verifyWithNode({ key: keyInfo(keys.p256.spki), spkiDer: keys.p256.spki, hash: 'SHA-256', tbs: message, signature: raw })).toBe(false);
  });

  it('leaves what it does not handle to the registry (null): an unknown hash, a key of another family', () => {
    expect(verifyWithNode({ key: keyInfo(keys.p256.spki), spkiDer: keys.p256.spki, hash: 'SHA3-256', tbs: message, signature: new Uint8Array(8) })).toBeNull();
    expect(verifyWithNode({ key: keyInfo(keys.p256.spki), spkiDer: keys.p256.spki, hash: undefined, tbs: message, signature: new Uint8Array(8) })).toBeNull();
  });

  it('the registry ECDSA family answers like WebCrypto did, through OpenSSL', async () => {
    const signature = opensslSign('p256', 'sha256', message);
    const signatureAlgorithm = new AlgorithmIdentifier({ algorithm: ECDSA_SHA256 });
    expect(await verifySignature({ tbs: message, signatureAlgorithm, signature }, keys.p256.spki)).toBe(true);
    expect(await verifySignature({ tbs: message, signatureAlgorithm, signature }, keys.p384.spki)).toBe(false);
    expect(await verifySignature({ tbs: message, signatureAlgorithm, signature }, keys.sm2.spki)).toBe(false);
  });
});
