/**
 * DeviceService.createCsr through the worker hop (comlink over a MessageChannel): the PIN is verified once,
 * the request is signed by the token's key, and OpenSSL accepts it (issue 3 §4).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WrongPinError } from '../../src/apdu/errors';
import { FACTORY_DEFAULTS } from '../../src/cards/piv/constants';
import { DEMO_TOKEN_ID } from '../../src/sources/demo-source';
import { harness } from './demo-service';

const dir = mkdtempSync(join(tmpdir(), 'ukey-service-csr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function openssl(args: string[]): string {
  const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`;
}

describe('DeviceService.createCsr', () => {
  it('verifies the PIN once, signs on the token, and openssl accepts the request with the 9A subject', async () => {
    const h = await harness();
    const remote = h.remote;
    try {
      await remote.tokens.startDemoToken();
      const key = await remote.keyAdmin.generateKey(DEMO_TOKEN_ID, 0x83, 'ECC-P256', FACTORY_DEFAULTS.MANAGEMENT_KEY_HEX);

      const wrong = await remote
        .pin.createCsr(DEMO_TOKEN_ID, { keyRef: 0x83, algorithm: 'ECC-P256', pin: '000000', subjectFromKeyRef: 0x9a, publicKeySpki: key.spki })
        .catch((e: unknown) => e);
      expect(wrong).toBeInstanceOf(WrongPinError);
      expect(h.verifies()).toBe(1); // one wrong try, never retried

      const csr = await remote.pin.createCsr(DEMO_TOKEN_ID, {
        keyRef: 0x83,
        algorithm: 'ECC-P256',
        pin: FACTORY_DEFAULTS.PIN,
        subjectFromKeyRef: 0x9a,
        publicKeySpki: key.spki,
      });
      expect(h.verifies()).toBe(2);
      writeFileSync(join(dir, 'req.der'), csr);
      // OpenSSL 3.0 `req -verify` exits 0 even on a bad signature: judge by the printed verdict.
      const verdict = openssl(['req', '-verify', '-in', 'req.der', '-inform', 'DER', '-noout']);
      expect(verdict).toMatch(/verify OK/i);
      expect(verdict).not.toMatch(/failure/i);
      expect(openssl(['req', '-in', 'req.der', '-inform', 'DER', '-noout', '-subject', '-nameopt', 'utf8'])).toContain('张三');
    } finally {
      h.close();
    }
  });
});

describe('VERIFY is the last command before the key operation (issue 7 §3)', () => {
  it('sign and createCsr with the PIN-always 9C key work: everything is read before VERIFY', async () => {
    const h = await harness();
    const remote = h.remote;
    try {
      await remote.tokens.startDemoToken();
      const certs = await remote.tokens.readCertificates(DEMO_TOKEN_ID);
      const nine_c = certs.find((c) => c.keyRef === 0x9c)!;
      const data = new TextEncoder().encode('签名 9C, PIN always');
      const signature = await remote.pin.sign(DEMO_TOKEN_ID, { keyRef: 0x9c, data, pin: FACTORY_DEFAULTS.PIN });
      writeFileSync(join(dir, '9c.der'), nine_c.der);
      writeFileSync(join(dir, 'data.bin'), data);
      writeFileSync(join(dir, 'sig.bin'), signature);
      openssl(['x509', '-inform', 'DER', '-in', '9c.der', '-pubkey', '-noout', '-out', '9c.pub']);
      expect(openssl(['dgst', '-sha256', '-verify', '9c.pub', '-signature', 'sig.bin', 'data.bin'])).toContain('Verified OK');
      const csr = await remote.pin.createCsr(DEMO_TOKEN_ID, { keyRef: 0x9c, algorithm: 'RSA-2048', pin: FACTORY_DEFAULTS.PIN });
      writeFileSync(join(dir, '9c.csr'), csr);
      expect(openssl(['req', '-verify', '-in', '9c.csr', '-inform', 'DER', '-noout'])).toMatch(/verify OK/i);
      expect(h.verifies()).toBe(2); // one VERIFY per key operation
    } finally {
      h.close();
    }
  });
});
