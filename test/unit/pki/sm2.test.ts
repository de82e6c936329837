import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSm2Curve } from '../../../src/shared/pki/sm/sm2-curve';
import {
  sm2ComputeZ,
  sm2GeneratePrivateKey,
  sm2PublicKeyFromBytes,
  sm2PublicKeyOf,
  sm2Sign,
  sm2SignRs,
  sm2Verify,
  sm2VerifyRs,
} from '../../../src/shared/pki/sm/sm2';
import { DISTID, makeTempDir, openssl, opensslStatus, type TempDir } from './helpers/openssl';

/** GB/T 32918.2-2016 Appendix A: the worked signature example on the standard's Fp-256 test curve. */
const EXAMPLE_CURVE = makeSm2Curve({
  p: 0x8542d69e4c044f18e8b92435bf6ff7de457283915c45517d722edb8b08f1dfc3n,
  a: 0x787968b4fa32c3fd2417842e73bbfeff2f3c848b6831d7e0ec65228b3937e498n,
  b: 0x63e4c6d3b23b0c849cf84241484bfe48f61d59a5b16ba06e6e12d1da27c5249an,
  Gx: 0x421debd61b62eab6746434ebc3cc315e32220b3badd50bdc4c4e6c147fedd43dn,
  Gy: 0x0680512bcbb42c07d47349d2153b70c4e5d7fdfcbfa36ea1a85841b9e46e09a2n,
  n: 0x8542d69e4c044f18e8b92435bf6ff7dd297720630485628d5ae74ee7c32e79b7n,
  h: 1n,
});
const EXAMPLE = {
  id: 'ALICE123@YAHOO.COM',
  message: utf8ToBytes('message digest'),
  d: 0x128b2fa8bd433c6c068c8d803dff79792a519a55171b1b650c23661d15897263n,
  k: 0x6cb28d99385c175c94f94e934817663fc176d925dd72b727260dbaae1fb2f96fn,
  xA: 0x0ae4c7798aa0f119471bee11825be46202bb79e2a5844495e97c04ff4df2548an,
  z: 'f4a38489e32b45b6f876e3ac2168ca392362dc8f23459c1d1146fc3dbfb7bc9a',
  r: 0x40f1ec59f793d9f49e09dcef49130d4194f79fb1eed2caa55bacdb49c4e755d1n,
  s: 0x6fc6dac32c5d5cf10c77dfb20f7c2eb667a457872fb09ec56327a67ec7deebe7n,
};

describe('SM2 signature, GB/T 32918.2 Appendix A example', () => {
  const publicKey = sm2PublicKeyOf(EXAMPLE.d, EXAMPLE_CURVE);

  it('derives the example public key and Z_A', () => {
    expect(publicKey.toAffine().x).toBe(EXAMPLE.xA);
    expect(bytesToHex(sm2ComputeZ(publicKey, EXAMPLE.id, EXAMPLE_CURVE))).toBe(EXAMPLE.z);
  });

  it('reproduces (r, s) with the example k and verifies it', () => {
    const sig = sm2SignRs(EXAMPLE.message, EXAMPLE.d, EXAMPLE.id, EXAMPLE_CURVE, EXAMPLE.k);
    expect(sig).toEqual({ r: EXAMPLE.r, s: EXAMPLE.s });
    expect(sm2VerifyRs(sig, EXAMPLE.message, publicKey, EXAMPLE.id, EXAMPLE_CURVE)).toBe(true);
  });

  it('rejects the example signature with another ID, message, or r/s', () => {
    const sig = { r: EXAMPLE.r, s: EXAMPLE.s };
    expect(sm2VerifyRs(sig, EXAMPLE.message, publicKey, '1234567812345678', EXAMPLE_CURVE)).toBe(false);
    expect(sm2VerifyRs(sig, utf8ToBytes('message digesT'), publicKey, EXAMPLE.id, EXAMPLE_CURVE)).toBe(false);
    expect(sm2VerifyRs({ r: sig.r + 1n, s: sig.s }, EXAMPLE.message, publicKey, EXAMPLE.id, EXAMPLE_CURVE)).toBe(false);
    expect(sm2VerifyRs({ r: 0n, s: sig.s }, EXAMPLE.message, publicKey, EXAMPLE.id, EXAMPLE_CURVE)).toBe(false);
    expect(sm2VerifyRs({ r: sig.r, s: EXAMPLE_CURVE.params.n }, EXAMPLE.message, publicKey, EXAMPLE.id, EXAMPLE_CURVE)).toBe(false);
  });
});

describe('SM2 against OpenSSL (recommended curve, distid 1234567812345678)', () => {
  let dir: TempDir;
  let publicKeyHex: string;
  let privateKey: bigint;
  const message = utf8ToBytes('UKey Assistant SM2 interop\n');

  beforeAll(() => {
    dir = makeTempDir('sm2');
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', 'k.pem'], dir.path);
    openssl(['pkey', '-in', 'k.pem', '-pubout', '-out', 'pub.pem'], dir.path);
    const text = openssl(['pkey', '-in', 'k.pem', '-text', '-noout'], dir.path);
    const hexBlock = (label: string): string =>
      (text.split(`${label}:`)[1] ?? '').split(/\n[A-Za-z]/)[0]!.replace(/[^0-9a-f]/g, '');
    privateKey = BigInt(`0x${hexBlock('priv')}`);
    publicKeyHex = hexBlock('pub');
    dir.write('msg.bin', message);
    openssl(['dgst', '-sm3', '-sign', 'k.pem', '-sigopt', DISTID, '-out', 'ossl.sig', 'msg.bin'], dir.path);
  });
  afterAll(() => dir.remove());

  it('verifies a signature OpenSSL made, and not with an empty ID or a changed message', () => {
    const publicKey = sm2PublicKeyFromBytes(hexToBytes(publicKeyHex));
    expect(publicKey.equals(sm2PublicKeyOf(privateKey))).toBe(true);
    const sig = dir.read('ossl.sig');
    expect(sm2Verify(sig, message, publicKey)).toBe(true);
    expect(sm2Verify(sig, message, publicKey, '')).toBe(false);
    expect(sm2Verify(sig, message.slice(1), publicKey)).toBe(false);
  });

  it('makes signatures OpenSSL accepts with distid, and rejects without it', () => {
    for (let i = 0; i < 3; i++) {
      dir.write(`ours${i}.sig`, sm2Sign(message, privateKey));
      const args = ['dgst', '-sm3', '-verify', 'pub.pem', '-signature', `ours${i}.sig`];
      expect(opensslStatus([...args, '-sigopt', DISTID, 'msg.bin'], dir.path).ok).toBe(true);
      expect(opensslStatus([...args, 'msg.bin'], dir.path).ok).toBe(false);
    }
  });

  it('round-trips fresh keys and treats malformed DER as invalid, not as an exception', () => {
    const d = sm2GeneratePrivateKey();
    const publicKey = sm2PublicKeyOf(d);
    const sig = sm2Sign(message, d, 'custom-id');
    expect(sm2Verify(sig, message, publicKey, 'custom-id')).toBe(true);
    expect(sm2Verify(sig, message, publicKey)).toBe(false);
    expect(sm2Verify(sig.slice(0, 10), message, publicKey, 'custom-id')).toBe(false);
    expect(sm2Verify(new Uint8Array(), message, publicKey)).toBe(false);
  });
});
