import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEMO_CA_SIGNING_ALGORITHM,
  DEMO_CA_SUBJECT,
  DEMO_CA_SUBJECT_IN_DER_ORDER,
  demoCaCertificateDer,
  demoCaCertificatePem,
  demoCaPrivateKeyPem,
  importDemoCaKeys,
} from '../../../src/virtual/demo-ca';
import { provisionDemoTokenWithCa } from '../../../src/virtual/virtual-token/demo/provision';
import { send, sendLong } from '../virtual-token/card-helpers';

const work = mkdtempSync(join(tmpdir(), 'demo-ca-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function openssl(...args: string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('fixed demo CA', () => {
  const certificate = new x509.X509Certificate(demoCaCertificateDer().slice());

  it('parses as the labelled demo CA: subject, 2025–2045 validity, CA basic constraints, keyCertSign + cRLSign', () => {
    expect(certificate.subject).toBe(DEMO_CA_SUBJECT_IN_DER_ORDER);
    expect(certificate.issuer).toBe(DEMO_CA_SUBJECT_IN_DER_ORDER);
    expect(certificate.notBefore.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(certificate.notAfter.toISOString()).toBe('2045-12-31T23:59:59.000Z');
    const basic = certificate.getExtension(x509.BasicConstraintsExtension);
    expect(basic?.ca).toBe(true);
    expect(basic?.critical).toBe(true);
    const usage = certificate.getExtension(x509.KeyUsagesExtension);
    expect(usage?.usages).toBe(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
  });

  it('is the same bytes every call, and a caller changing its copy changes nothing for the next', () => {
    const first = demoCaCertificateDer();
    first[0] = 0;
    expect(demoCaCertificateDer()[0]).toBe(0x30);
    expect(demoCaCertificatePem()).toBe(demoCaCertificatePem());
  });

  it('is self-signed by the committed key: its signature verifies, and the key signs what the certificate verifies', async () => {
    const keys = await importDemoCaKeys();
    expect(await certificate.verify({ publicKey: keys.publicKey, signatureOnly: true })).toBe(true);
    const message = new TextEncoder().encode('演示 CA demo CRL body');
    const signature = await crypto.subtle.sign(DEMO_CA_SIGNING_ALGORITHM, keys.privateKey, message);
    const certificateKey = await certificate.publicKey.export(DEMO_CA_SIGNING_ALGORITHM, ['verify']);
    expect(await crypto.subtle.verify(DEMO_CA_SIGNING_ALGORITHM, certificateKey, signature, message)).toBe(true);
  });

  it('is what OpenSSL reads: the RFC 4514 subject, its own signature, and the PEM key matches the certificate', async () => {
    writeFileSync(join(work, 'ca.pem'), demoCaCertificatePem());
    writeFileSync(join(work, 'ca.key'), await demoCaPrivateKeyPem());
    expect(openssl('x509', '-in', join(work, 'ca.pem'), '-noout', '-subject', '-nameopt', 'RFC2253,-esc_msb').trim()).toBe(
      `subject=${DEMO_CA_SUBJECT}`,
    );
    expect(openssl('verify', '-check_ss_sig', '-CAfile', join(work, 'ca.pem'), join(work, 'ca.pem')).trim()).toBe(`${join(work, 'ca.pem')}: OK`);
    const fromCertificate = openssl('x509', '-in', join(work, 'ca.pem'), '-noout', '-pubkey');
    const fromKey = openssl('pkey', '-in', join(work, 'ca.key'), '-pubout');
    expect(fromKey).toBe(fromCertificate);
  });

  it('signs CRLs that OpenSSL accepts under the demo CA certificate', async () => {
    const keys = await importDemoCaKeys();
    const crl = await x509.X509CrlGenerator.create({
      issuer: certificate.subjectName,
      thisUpdate: new Date('2026-11-30T00:00:00Z'),
      nextUpdate: new Date('2026-12-30T00:00:00Z'),
      entries: [{ serialNumber: '0102', revocationDate: new Date('2026-11-29T00:00:00Z'), reason: x509.X509CrlReason.keyCompromise }],
      signingAlgorithm: DEMO_CA_SIGNING_ALGORITHM,
      signingKey: keys.privateKey,
    });
    // DER, not crl.toString('pem'): @peculiar/x509 labels it "CRL", OpenSSL reads only "X509 CRL" (RFC 7468 §9).
    writeFileSync(join(work, 'demo.crl'), new Uint8Array(crl.rawData));
    // `openssl crl -CAfile` reports its verdict on stderr ("verify OK" / "verify failure") and exits 0 either way.
    const run = spawnSync('openssl', ['crl', '-inform', 'DER', '-in', join(work, 'demo.crl'), '-CAfile', join(work, 'ca.pem'), '-noout'], { encoding: 'utf8' });
    expect(run.stderr.trim()).toBe('verify OK');
  });

  it('issues every demo token: its 9A, 9C and 9D certificates chain to it, in OpenSSL too, whatever the day', async () => {
    for (const now of [new Date('2026-11-22T08:00:00Z'), new Date('2030-06-01T00:00:00Z')]) {
      const demo = await provisionDemoTokenWithCa(now);
      expect(demo.caCertificate).toEqual(demoCaCertificateDer());
      await demo.card.powerOn();
      expect((await send(demo.card, '00A4040005A000000308')).sw).toBe(0x9000);
      for (const id of ['5fc105', '5fc10a', '5fc10b']) {
        const reply = await sendLong(demo.card, 0xcb, 0x3f, 0xff, Uint8Array.from([0x5c, 3, ...Buffer.from(id, 'hex')]));
        expect(reply.sw).toBe(0x9000);
        const der = reply.data.subarray(8, 8 + ((reply.data[6]! << 8) | reply.data[7]!));
        const leaf = new x509.X509Certificate(der.slice());
        expect(leaf.issuer).toBe(DEMO_CA_SUBJECT_IN_DER_ORDER);
        expect(await leaf.verify({ publicKey: certificate.publicKey, date: now })).toBe(true);
        writeFileSync(join(work, 'leaf.pem'), leaf.toString('pem'));
        const verdict = openssl('verify', '-attime', String(Math.floor(now.getTime() / 1000) + 3600), '-CAfile', join(work, 'ca.pem'), join(work, 'leaf.pem'));
        expect(verdict.trim()).toBe(`${join(work, 'leaf.pem')}: OK`);
      }
    }
  });
});
