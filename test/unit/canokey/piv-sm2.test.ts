/**
 * SM2 in the PIV profile (issue 18 §2) on the emulator's PIV card behind the CCID stack: GENERATE with the
 * private id 0x54 gives an SM2 SPKI, the card signs the host's e = SM3(Z_A ‖ M), and our SM2 verifier and
 * OpenSSL (with the default ID) accept the signature; the CSR is SM3withSM2 and self-consistent.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Algorithm, FACTORY_DEFAULTS } from '../../../src/cards/piv/constants';
import { buildTokenCsr } from '../../../src/cards/piv/token-csr';
import { sm2SigningInput } from '../../../src/cards/piv/sm2-sign';
import { parseSpki, sm2PointOf } from '../../../src/shared/pki/public-key';
import { sm2Verify, sm2PublicKeyFromBytes, sm2SignRs, sm2PublicKeyOf, sm2GeneratePrivateKey, sm2VerifyRs } from '../../../src/shared/pki/sm/sm2';
import { verifyCsr } from '../../../src/shared/pki/csr';
import { DEFAULT_MGM_KEY, openStack } from '../../session/stack';

const dir = mkdtempSync(join(tmpdir(), 'ukey-sm2-piv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

describe('PIV SM2 under the private algorithm id', () => {
  it('the id is 0x54, as CanoKey defaults it', () => {
    expect(Algorithm.SM2).toBe(0x54);
  });

  it('e = SM3(Z_A ‖ M) is what a software SM2 signer hashes: a signature on e verifies as one on M', () => {
    const d = sm2GeneratePrivateKey();
    const point = sm2PublicKeyOf(d).toBytes(false);
    const message = new TextEncoder().encode('ukey.get');
    const e = sm2SigningInput(point, message);
    expect(e).toHaveLength(32);
    // Changing one message byte changes e; a point off the curve is refused as card data.
    expect(sm2SigningInput(point, Uint8Array.of(1))).not.toEqual(sm2SigningInput(point, Uint8Array.of(2)));
    expect(() => sm2SigningInput(Uint8Array.of(4, ...new Uint8Array(64).fill(1)), message)).toThrow(/SM2 public key/);
    const signature = sm2SignRs(message, d);
    expect(sm2VerifyRs(signature, message, sm2PublicKeyFromBytes(point))).toBe(true);
  });

  it('generate 0x54 in 9A, sign on the card, verified by our SM2 code and by openssl dgst -sm3 with distid', async () => {
    const { session } = await openStack();
    await session.authenticate(DEFAULT_MGM_KEY);
    const spki = await session.generateKey(0x9a, 'SM2');
    const info = parseSpki(spki);
    const point = sm2PointOf(info);
    const message = new TextEncoder().encode('登录挑战 challenge');
    const signature = await session.signWithPin(0x9a, message, FACTORY_DEFAULTS.PIN, undefined, Algorithm.SM2);
    expect(sm2Verify(signature, message, point)).toBe(true);
    writeFileSync(join(dir, 'pub.pem'), pem('PUBLIC KEY', spki));
    writeFileSync(join(dir, 'sig.der'), signature);
    writeFileSync(join(dir, 'msg.bin'), message);
    const ok = spawnSync('openssl', ['dgst', '-sm3', '-verify', 'pub.pem', '-signature', 'sig.der', '-sigopt', 'distid:1234567812345678', 'msg.bin'], { cwd: dir, encoding: 'utf8' });
    expect(`${ok.stdout}${ok.stderr}`).toContain('Verified OK');
    // An empty ID (OpenSSL's own default) must NOT verify: proof the card signed Z_A with the default ID.
    const wrong = spawnSync('openssl', ['dgst', '-sm3', '-verify', 'pub.pem', '-signature', 'sig.der', 'msg.bin'], { cwd: dir, encoding: 'utf8' });
    expect(wrong.status).not.toBe(0);
  });

  it('an SM3withSM2 CSR from the token verifies (ours and openssl req -verify)', async () => {
    const { session } = await openStack();
    await session.authenticate(DEFAULT_MGM_KEY);
    const spki = await session.generateKey(0x82, 'SM2');
    const subject = Uint8Array.from(Buffer.from('300f310d300b06035504030c04534d3221', 'hex'));
    const csr = await buildTokenCsr(session, { slot: 0x82, algorithm: 'SM2', subjectDer: subject, publicKeySpki: spki }, FACTORY_DEFAULTS.PIN);
    expect(await verifyCsr(csr)).toBe(true);
    writeFileSync(join(dir, 'req.der'), csr);
    const out = spawnSync('openssl', ['req', '-verify', '-in', 'req.der', '-inform', 'DER', '-noout', '-vfyopt', 'distid:1234567812345678', '-text'], { cwd: dir, encoding: 'utf8' });
    expect(`${out.stdout}${out.stderr}`).toMatch(/verify OK|Certificate request self-signature verify OK/i);
    expect(out.stdout).toContain('SM2');
  });
});
