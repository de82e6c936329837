/**
 * The CLI's own options against real clients: --pin-retries, --demo, and a counter that survives a restart
 * through --state.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoCaCertificatePem } from '../../src/virtual/demo-ca';
import { ensurePcscd, ensureSystemDeps, opensslPkcs11Module, runTool, startCard, type CardProcess } from './support/virtual-card-env';

let card: CardProcess | undefined;
const piv = (...args: string[]) => runTool('yubico-piv-tool', ['-r', 'Virtual PCD', ...args], { cwd: card?.dir });

beforeAll(async () => {
  ensureSystemDeps();
  await ensurePcscd();
});

afterEach(async () => {
  await card?.stop();
  card = undefined;
});

describe('ukey virtual-token options', () => {
  it('--pin-retries sets the PIN counter a fresh card starts with, and the counter persists across a restart', async () => {
    card = await startCard({ extraArgs: ['--pin-retries', '5'] });
    expect((await piv('-a', 'status')).stdout).toMatch(/PIN tries left:\s+5/);
    expect((await piv('-a', 'verify-pin', '-P', '999999')).code).not.toBe(0);
    await card.stop();
    const saved: unknown = JSON.parse(readFileSync(card.statePath, 'utf8'));
    expect(saved).toMatchObject({ pinRetriesTotal: 5, pinRetriesLeft: 4 });
    card = await startCard({ initialState: saved });
    expect((await piv('-a', 'status')).stdout).toMatch(/PIN tries left:\s+4/);
  });

  it('--demo serves the demo token: four certificates for 张三, and its 9A key signs for pkcs11-tool', async () => {
    card = await startCard({ extraArgs: ['--demo'] });
    const status = await piv('-a', 'status');
    expect(status.code, status.stderr).toBe(0);
    for (const slot of ['9a', '9c', '9d', '82']) expect(status.stdout).toContain(`Slot ${slot}:`);
    // yubico-piv-tool prints UTF-8 bytes escaped: 张三 = E5 BC A0 E4 B8 89
    expect(status.stdout).toContain('CN=\\xE5\\xBC\\xA0\\xE4\\xB8\\x89');
    expect(status.stdout).toContain('serialNumber=911101085923662400');
    await runTool('sh', ['-c', 'printf "demo login" > msg.bin'], { cwd: card.dir });
    const sign = await runTool('pkcs11-tool', ['--module', opensslPkcs11Module(), '--login', '--pin', '123456', '--sign',
      '--id', '01', '--mechanism', 'ECDSA-SHA256', '--signature-format', 'openssl', '-i', 'msg.bin', '-o', 'sig.der'], { cwd: card.dir });
    expect(sign.code, sign.stderr).toBe(0);
    const cert = await runTool('pkcs11-tool', ['--module', opensslPkcs11Module(), '--read-object', '--type', 'cert', '--id', '01',
      '-o', 'cert.der'], { cwd: card.dir });
    expect(cert.code, cert.stderr).toBe(0);
    await runTool('openssl', ['x509', '-inform', 'DER', '-in', 'cert.der', '-pubkey', '-noout', '-out', 'pub.pem'], { cwd: card.dir });
    const verify = await runTool('openssl', ['dgst', '-sha256', '-verify', 'pub.pem', '-signature', 'sig.der', 'msg.bin'], { cwd: card.dir });
    expect(verify.stdout + verify.stderr).toMatch(/Verified OK/);
    // The certificate read back over PC/SC chains to the fixed demo CA that portal and RA/CA trust in --demo.
    writeFileSync(join(card.dir, 'demo-ca.pem'), demoCaCertificatePem());
    await runTool('openssl', ['x509', '-inform', 'DER', '-in', 'cert.der', '-out', 'cert.pem'], { cwd: card.dir });
    const chain = await runTool('openssl', ['verify', '-CAfile', 'demo-ca.pem', 'cert.pem'], { cwd: card.dir });
    expect(chain.stdout + chain.stderr).toMatch(/cert\.pem: OK/);
  });
});
