/**
 * Issue 2 §5 interop: real clients (yubico-piv-tool, OpenSC's pkcs15-tool and PKCS#11 module, OpenSSL)
 * drive our PIV card emulator through pcscd + vsmartcard-vpcd.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePcscd, ensureSystemDeps, opensslPkcs11Module, runTool, startCard, type CardProcess } from './support/virtual-card-env';
import { signThroughDriver } from './support/driver-sign';

let card: CardProcess;
const piv = (...args: string[]) => runTool('yubico-piv-tool', ['-r', 'Virtual PCD', ...args], { cwd: card.dir });
const openssl = (...args: string[]) => runTool('openssl', args, { cwd: card.dir });

beforeAll(async () => {
  ensureSystemDeps();
  await ensurePcscd();
  card = await startCard();
});

afterAll(async () => {
  await card?.stop();
});

/** A throwaway CA that certifies the card's public keys. */
async function issue(publicKeyPem: string, cn: string, out: string): Promise<void> {
  if ((await openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key',
    '-subj', '/CN=Interop CA', '-days', '30', '-out', 'ca.pem')).code !== 0) throw new Error('CA');
  expect((await openssl('req', '-new', '-key', 'ca.key', '-subj', `/CN=${cn}`, '-out', `${out}.csr`)).code).toBe(0);
  const made = await openssl('x509', '-req', '-in', `${out}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-force_pubkey',
    publicKeyPem, '-days', '30', '-set_serial', '7', '-out', out);
  expect(made.code, made.stderr).toBe(0);
}

describe('yubico-piv-tool against the virtual card', () => {
  it('status shows the emulated version, serial, CHUID and PIN tries', async () => {
    const r = await piv('-a', 'status');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Version:\s+5\.7\.2/);
    expect(r.stdout).toMatch(/Serial Number:\s+\d+/);
    expect(r.stdout).toMatch(/CHUID:\s+3019d4e739da/);
    expect(r.stdout).toMatch(/PIN tries left:\s+3/);
  });

  it('verify-pin: a wrong PIN spends one try, the right one restores them', async () => {
    expect((await piv('-a', 'verify-pin', '-P', '000000')).code).not.toBe(0);
    expect((await piv('-a', 'status')).stdout).toMatch(/PIN tries left:\s+2/);
    const ok = await piv('-a', 'verify-pin', '-P', '123456');
    expect(ok.code, ok.stderr).toBe(0);
    expect((await piv('-a', 'status')).stdout).toMatch(/PIN tries left:\s+3/);
  });

  it('change-pin, and the old PIN no longer verifies', async () => {
    const r = await piv('-a', 'change-pin', '-P', '123456', '-N', '654321');
    expect(r.code, r.stderr).toBe(0);
    expect((await piv('-a', 'verify-pin', '-P', '654321')).code).toBe(0);
    expect((await piv('-a', 'verify-pin', '-P', '123456')).code).not.toBe(0);
    expect((await piv('-a', 'change-pin', '-P', '654321', '-N', '123456')).code).toBe(0);
  });

  it('unblock-pin with the PUK after blocking the PIN with wrong PINs', async () => {
    for (let i = 0; i < 3; i++) await piv('-a', 'verify-pin', '-P', '000000');
    expect((await piv('-a', 'status')).stdout).toMatch(/PIN tries left:\s+0/);
    expect((await piv('-a', 'verify-pin', '-P', '123456')).code).not.toBe(0);
    const r = await piv('-a', 'unblock-pin', '-P', '12345678', '-N', '123456');
    expect(r.code, r.stderr).toBe(0);
    expect((await piv('-a', 'verify-pin', '-P', '123456')).code).toBe(0);
  });

  it('generates RSA2048 then ECCP256 in 9A, and RSA2048 in 9C; OpenSSL reads the public keys', async () => {
    const rsa9a = await piv('-a', 'generate', '-s', '9a', '-A', 'RSA2048', '-o', 'rsa-9a-pub.pem');
    expect(rsa9a.code, rsa9a.stderr).toBe(0);
    expect((await openssl('pkey', '-pubin', '-in', 'rsa-9a-pub.pem', '-noout', '-text')).stdout).toMatch(/2048 bit/);
    const ec = await piv('-a', 'generate', '-s', '9a', '-A', 'ECCP256', '-o', 'ec-pub.pem');
    expect(ec.code, ec.stderr).toBe(0);
    expect((await openssl('pkey', '-pubin', '-in', 'ec-pub.pem', '-noout', '-text')).stdout).toMatch(/prime256v1|P-256/);
    const rsa = await piv('-a', 'generate', '-s', '9c', '-A', 'RSA2048', '-o', 'rsa-pub.pem');
    expect(rsa.code, rsa.stderr).toBe(0);
    expect((await openssl('pkey', '-pubin', '-in', 'rsa-pub.pem', '-noout', '-text')).stdout).toMatch(/2048 bit/);
  });

  it('import-certificate into 9A and 9C; pkcs15-tool -D lists them', async () => {
    await issue('ec-pub.pem', 'interop-9a', 'cert-9a.pem');
    await issue('rsa-pub.pem', 'interop-9c', 'cert-9c.pem');
    const a = await piv('-a', 'import-certificate', '-s', '9a', '-i', 'cert-9a.pem');
    expect(a.code, a.stderr).toBe(0);
    const c = await piv('-a', 'import-certificate', '-s', '9c', '-i', 'cert-9c.pem');
    expect(c.code, c.stderr).toBe(0);
    const listing = await runTool('pkcs15-tool', ['-D']);
    expect(listing.code, listing.stderr).toBe(0);
    expect(listing.stdout).toMatch(/X\.509 Certificate \[Certificate for PIV Authentication\]/);
    expect(listing.stdout).toMatch(/X\.509 Certificate \[Certificate for Digital Signature\]/);
  });

  it('yubico-piv-tool test-signature with the PIN-always 9C key: VERIFY right before signs; a VERIFY of an earlier run does not', async () => {
    const before = card.trace().length;
    const r = await piv('-a', 'verify-pin', '-P', '123456', '-a', 'test-signature', '-s', '9c', '-i', 'cert-9c.pem');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/Successful RSA verification/);
    const commands = card.trace().slice(before).split('\n').filter((l) => l.startsWith('> '));
    const signature = commands.findIndex((l) => /^> [01]087079c/.test(l));
    expect(commands[signature - 1]).toMatch(/^> 00200080/);
    // Issue 7 §3: the status is consumed by the next command, so a PIN verified by the previous process (then
    // SELECT, GET VERSION … of this one) leaves the 9C key locked; the lenient emulator signed here.
    expect((await piv('-a', 'verify-pin', '-P', '123456')).code).toBe(0);
    const beforeRefusal = card.trace().length;
    const refused = await piv('-a', 'test-signature', '-s', '9c', '-i', 'cert-9c.pem');
    expect(refused.code).not.toBe(0);
    const lines = card.trace().slice(beforeRefusal).split('\n');
    const attempt = lines.findIndex((l) => /^> [01]087079c/.test(l) && !l.startsWith('> 10'));
    expect(lines[attempt + 1]).toBe('< 6982');
    expect(refused.stdout + refused.stderr).not.toMatch(/Successful RSA verification/);
  });

  it('a certificate signed by the 9A key through OpenSC (pkcs11-tool --sign) verifies in OpenSSL, and a flipped bit does not', async () => {
    // Replaces yubico-piv-tool's selfsign-certificate, which Debian's 2.2.0 cannot run (it fails inside
    // OpenSSL 3 before asking the card, Yubico/yubico-piv-tool#388): the same proof through a path that works.
    // OpenSSL makes the to-be-signed part (issuer = subject, the card's public key); the card signs it.
    await openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'tmpl.key',
      '-subj', '/CN=selfsigned by the card', '-out', 'tmpl.csr');
    const template = await openssl('x509', '-req', '-in', 'tmpl.csr', '-signkey', 'tmpl.key', '-force_pubkey', 'ec-pub.pem',
      '-days', '30', '-set_serial', '9', '-outform', 'DER', '-out', 'tmpl.der');
    expect(template.code, template.stderr).toBe(0);
    const certificate = AsnConvert.parse(readFileSync(join(card.dir, 'tmpl.der')), Certificate);
    writeFileSync(join(card.dir, 'tbs.der'), new Uint8Array(AsnConvert.serialize(certificate.tbsCertificate)));
    const before = card.trace().length;
    const signed = await runTool('pkcs11-tool', ['--module', opensslPkcs11Module(), '--login', '--pin', '123456', '--sign',
      '--id', '01', '--mechanism', 'ECDSA-SHA256', '--signature-format', 'openssl', '-i', 'tbs.der', '-o', 'tbs.sig'], { cwd: card.dir });
    expect(signed.code, signed.stderr).toBe(0);
    expect(card.trace().slice(before)).toMatch(/^> 0087119a/m);
    const assemble = (signature: Uint8Array, name: string): void => {
      const made = new Certificate({ ...certificate, signatureValue: signature.slice().buffer });
      writeFileSync(join(card.dir, name), new Uint8Array(AsnConvert.serialize(made)));
    };
    const signature = new Uint8Array(readFileSync(join(card.dir, 'tbs.sig')));
    assemble(signature, 'self.der');
    await openssl('x509', '-inform', 'DER', '-in', 'self.der', '-out', 'self.pem');
    // -check_ss_sig: openssl verify skips a self-signed certificate's own signature unless told (TOOLING.md).
    const good = await openssl('verify', '-check_ss_sig', '-CAfile', 'self.pem', 'self.pem');
    expect(good.code, good.stdout + good.stderr).toBe(0);
    expect(good.stdout).toMatch(/self\.pem: OK/);
    const flipped = signature.slice();
    flipped[flipped.length - 1]! ^= 0x01;
    assemble(flipped, 'bad.der');
    await openssl('x509', '-inform', 'DER', '-in', 'bad.der', '-out', 'bad.pem');
    const bad = await openssl('verify', '-check_ss_sig', '-CAfile', 'bad.pem', 'bad.pem');
    expect(bad.code).not.toBe(0);
    expect(bad.stdout + bad.stderr).toMatch(/signature failure/);
  });

  it('pkcs11-tool signs ECDSA-SHA256 (9A) and SHA256-RSA-PKCS (9C); openssl verifies with the certificate keys', async () => {
    const module = opensslPkcs11Module();
    await runTool('sh', ['-c', 'printf "sign me, 签名" > msg.bin'], { cwd: card.dir });
    for (const [id, mechanism, cert, extra] of [
      ['01', 'ECDSA-SHA256', 'cert-9a.pem', ['--signature-format', 'openssl']],
      ['02', 'SHA256-RSA-PKCS', 'cert-9c.pem', []],
    ] as const) {
      const sig = `sig-${id}.bin`;
      const r = await runTool('pkcs11-tool', ['--module', module, '--login', '--pin', '123456', '--sign', '--id', id,
        '--mechanism', mechanism, ...extra, '-i', 'msg.bin', '-o', sig], { cwd: card.dir });
      expect(r.code, r.stderr).toBe(0);
      await openssl('x509', '-in', cert, '-pubkey', '-noout', '-out', `pub-${id}.pem`);
      const v = await openssl('dgst', '-sha256', '-verify', `pub-${id}.pem`, '-signature', sig, 'msg.bin');
      expect(v.stdout + v.stderr).toMatch(/Verified OK/);
    }
    // 9C is PIN-always on this card (issue 7 §3): OpenSC's context-specific login puts VERIFY right before it.
    const commands = card.trace().split('\n').filter((l) => l.startsWith('> '));
    const signature9c = commands.findIndex((l) => /^> [01]087079c/.test(l));
    expect(signature9c).toBeGreaterThan(0);
    expect(commands[signature9c - 1]).toMatch(/^> 00200080/);
  });

  it('the trace never shows PIN data', () => {
    const commands = card.trace().split('\n').filter((l) => l.startsWith('> '));
    const pinCommands = commands.filter((l) => /^> 00(20|24|2c)/.test(l));
    expect(pinCommands.length).toBeGreaterThan(0);
    // "> " + CLA INS P1 P2 Lc: everything after the header is the PIN block, zeroed by the redaction.
    for (const line of pinCommands) expect(line.slice(12)).toMatch(/^0*$/);
    // The factory PIN "123456" in ASCII never appears in any command.
    for (const line of commands) expect(line).not.toContain('313233343536');
  });

  it('the trace never shows management-key authentication data, in commands or in answers (issue 7 §4)', () => {
    const lines = card.trace().split('\n');
    const witness = lines.flatMap((line, i) => (/^> [01]087..9b/.test(line) ? [i] : []));
    expect(witness.length).toBeGreaterThan(0); // yubico-piv-tool authenticated with the management key
    for (const i of witness) {
      // "> " + CLA INS P1 P2 Lc, then the 7C template: zeroed. The answer's data (witness or response) too.
      expect(lines[i]!.slice(12)).toMatch(/^0*$/);
      const answer = lines[i + 1]!;
      expect(answer.startsWith('< ')).toBe(true);
      expect(answer.slice(2, -4)).toMatch(/^0*$/);
    }
  });

  it('after the CLI stops, its saved state signs again through our own stack; openssl verifies', async () => {
    await card.stop();
    const state: unknown = JSON.parse(readFileSync(card.statePath, 'utf8'));
    const message = new TextEncoder().encode('driver signature over the saved state');
    const { certificateDer, signature } = await signThroughDriver(state, message);
    writeFileSync(join(card.dir, 'driver-msg.bin'), message);
    writeFileSync(join(card.dir, 'driver-cert.der'), certificateDer);
    writeFileSync(join(card.dir, 'driver-sig.der'), signature);
    await openssl('x509', '-inform', 'DER', '-in', 'driver-cert.der', '-pubkey', '-noout', '-out', 'driver-pub.pem');
    const subject = await openssl('x509', '-inform', 'DER', '-in', 'driver-cert.der', '-noout', '-subject');
    expect(subject.stdout).toMatch(/interop-9a/);
    const v = await openssl('dgst', '-sha256', '-verify', 'driver-pub.pem', '-signature', 'driver-sig.der', 'driver-msg.bin');
    expect(v.stdout + v.stderr).toMatch(/Verified OK/);
  });
});
