import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import fc from 'fast-check';
import { sha256 } from '@noble/hashes/sha2.js';
import { p256 } from '@noble/curves/nist.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USCI, USCI_ALPHABET, isValidUsci } from '../../../src/virtual/virtual-token/demo/usci';
import { provisionDemoTokenWithCa, type DemoToken } from '../../../src/virtual/virtual-token/demo/provision';
import { apdu, pinBlock, send, sendLong } from './card-helpers';

const NOW = new Date('2026-11-22T08:00:00Z');
const DAY = 86_400_000;
let demo: DemoToken;

beforeAll(async () => {
  demo = await provisionDemoTokenWithCa(NOW);
  await demo.card.powerOn();
  expect((await send(demo.card, '00A4040005A000000308')).sw).toBe(0x9000);
});

async function certificate(objectIdHex: string): Promise<x509.X509Certificate> {
  const reply = await sendLong(demo.card, 0xcb, 0x3f, 0xff, Uint8Array.from([0x5c, 3, ...Buffer.from(objectIdHex, 'hex')]));
  expect(reply.sw).toBe(0x9000);
  // 53 82 LL LL 70 82 LL LL <der> …
  const der = reply.data.subarray(8, 8 + ((reply.data[6]! << 8) | reply.data[7]!));
  return new x509.X509Certificate(der.slice());
}

describe('unified social credit code', () => {
  it('accepts the demo code and a published example, and catches every single-character change', () => {
    expect(isValidUsci(DEMO_USCI)).toBe(true);
    expect(isValidUsci('91350100M000100Y43')).toBe(true);
    fc.assert(
      fc.property(fc.nat(17), fc.nat(30), (position, shift) => {
        const original = USCI_ALPHABET.indexOf(DEMO_USCI[position]!);
        const replacement = USCI_ALPHABET[(original + 1 + shift) % 31]!;
        const changed = DEMO_USCI.slice(0, position) + replacement + DEMO_USCI.slice(position + 1);
        expect(isValidUsci(changed)).toBe(replacement === DEMO_USCI[position]);
      }),
      { numRuns: 10_000 },
    );
    expect(isValidUsci('91110108592366240I')).toBe(false);
    expect(isValidUsci('')).toBe(false);
  });
});

describe('demo token', () => {
  it('holds 9A, 9C, 9D certificates for 张三 of 示例科技有限公司 with the USCI, issued by the demo CA', async () => {
    const ca = new x509.X509Certificate(demo.caCertificate.slice());
    for (const id of ['5fc105', '5fc10a', '5fc10b']) {
      const cert = await certificate(id);
      expect(cert.subjectName.getField('CN')).toEqual(['张三']);
      expect(cert.subjectName.getField('O')).toEqual(['示例科技有限公司']);
      expect(cert.subjectName.getField('2.5.4.5')).toEqual([DEMO_USCI]);
      expect(await cert.verify({ publicKey: ca.publicKey, date: NOW })).toBe(true);
    }
  });

  it('has valid 9A/9C certificates and a 9D certificate expiring in 10 days', async () => {
    const a = await certificate('5fc105');
    const d = await certificate('5fc10b');
    expect(a.notBefore.getTime()).toBeLessThan(NOW.getTime());
    expect(a.notAfter.getTime()).toBeGreaterThan(NOW.getTime() + 300 * DAY);
    expect(Math.round((d.notAfter.getTime() - NOW.getTime()) / DAY)).toBe(10);
  });

  it('signs with on-card keys that match the certificates (9A ECDSA, 9C RSA with PIN each time)', async () => {
    const message = new TextEncoder().encode('portal login challenge');
    const digest = sha256(message);
    expect((await send(demo.card, `0020008008${pinBlock('123456')}`)).sw).toBe(0x9000);
    const ec = await send(demo.card, apdu(0, 0x87, 0x11, 0x9a, Uint8Array.from([0x7c, 36, 0x82, 0, 0x81, 32, ...digest]), true));
    expect(ec.sw).toBe(0x9000);
    const a = await certificate('5fc105');
    const point = new Uint8Array(a.publicKey.rawData).subarray(-65);
    expect(p256.verify(ec.data.subarray(4), digest, point, { prehash: false, format: 'der', lowS: false })).toBe(true);

    // 9C is PIN "always": verify right before, send the PKCS#1 v1.5 block (built host-side) chained
    const prefix = Buffer.from('3031300d060960864801650304020105000420', 'hex');
    const block = new Uint8Array(256).fill(0xff);
    block.set([0, 1]);
    block[256 - prefix.length - 33] = 0;
    block.set(prefix, 256 - prefix.length - 32);
    block.set(digest, 256 - 32);
    expect((await send(demo.card, `0020008008${pinBlock('123456')}`)).sw).toBe(0x9000);
    const body = Uint8Array.from([0x7c, 0x82, 0x01, 0x06, 0x82, 0x00, 0x81, 0x82, 0x01, 0x00, ...block]);
    const rsa = await sendLong(demo.card, 0x87, 0x07, 0x9c, body);
    expect(rsa.sw).toBe(0x9000);
    const c = await certificate('5fc10a');
    const rsaKey = await c.publicKey.export({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, ['verify']);
    expect(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', rsaKey, rsa.data.slice(8), message)).toBe(true);
  });

  it('carries the SM2 certificate in retired slot 82 and a Key History naming one retired certificate', async () => {
    const sm2 = await certificate('5fc10d');
    expect(sm2.signatureAlgorithm).toBeDefined();
    expect(Buffer.from(sm2.rawData).toString('hex')).toContain('06082a811ccf55018375'); // OID 1.2.156.10197.1.501 (SM2-with-SM3)
    const history = await send(demo.card, '00CB3FFF055C035FC10C00');
    expect(Buffer.from(history.data).toString('hex')).toBe('5308c10101c20100fe00');
  });
});
