import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/apdu/hex';
import { encodeTlv } from '../../../src/apdu/tlv';
import { Algorithm } from '../../../src/cards/piv/constants';
import { PivDataError } from '../../../src/cards/piv/errors';
import { encodeGenerateRequest, publicKeyTemplateToSpki } from '../../../src/cards/piv/keys';
import { PivSession } from '../../../src/cards/piv/session';
import { digestInfo, ecdsaInput, pkcs1v15Block, signingInput } from '../../../src/cards/piv/sign';
import { ScriptedTransport, SELECT_OK } from './scripted-transport';

const b64url = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64url'));

describe('GENERATE ASYMMETRIC KEY PAIR (SP 800-73-4 Part 2 §3.3.2)', () => {
  it('encodes the control reference template with optional policies', () => {
    expect(toHex(encodeGenerateRequest(Algorithm.ECC_P256))).toBe('AC03800111');
    expect(toHex(encodeGenerateRequest(Algorithm.RSA_2048, { pinPolicy: 2, touchPolicy: 1 }))).toBe('AC09800107AA0102AB0101');
  });

  it('P-256: the SPKI equals what WebCrypto exports for the same key', async () => {
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
    const point = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
    const reply = toHex(encodeTlv(0x7f49, encodeTlv(0x86, point))) + '9000';
    const t = new ScriptedTransport([SELECT_OK, ['0047009A05AC0380011100', reply]]);
    const s = await PivSession.open(t);
    const spki = await s.generateKey(0x9a, 'ECC-P256');
    expect(toHex(spki)).toBe(toHex(new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey))));
  });

  it('P-384 and RSA-2048 SPKIs equal WebCrypto exports', async () => {
    const ec = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign']);
    const point = new Uint8Array(await crypto.subtle.exportKey('raw', ec.publicKey));
    expect(toHex(publicKeyTemplateToSpki(Algorithm.ECC_P384, encodeTlv(0x86, point), 't'))).toBe(
      toHex(new Uint8Array(await crypto.subtle.exportKey('spki', ec.publicKey))),
    );
    const rsa = await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: Uint8Array.of(1, 0, 1), hash: 'SHA-256' },
      true,
      ['sign'],
    );
    const jwk = await crypto.subtle.exportKey('jwk', rsa.publicKey);
    const template = new Uint8Array([...encodeTlv(0x81, b64url(jwk.n!)), ...encodeTlv(0x82, b64url(jwk.e!))]);
    expect(toHex(publicKeyTemplateToSpki(Algorithm.RSA_2048, template, 't'))).toBe(
      toHex(new Uint8Array(await crypto.subtle.exportKey('spki', rsa.publicKey))),
    );
  });

  it('refuses a point of the wrong curve size or a short modulus', () => {
    expect(() => publicKeyTemplateToSpki(Algorithm.ECC_P384, encodeTlv(0x86, new Uint8Array(65).fill(4)), 't')).toThrow(PivDataError);
    const short = new Uint8Array([...encodeTlv(0x81, new Uint8Array(128).fill(0xff)), ...encodeTlv(0x82, Uint8Array.of(1, 0, 1))]);
    expect(() => publicKeyTemplateToSpki(Algorithm.RSA_2048, short, 't')).toThrow(PivDataError);
  });
});

describe('signing input built host-side', () => {
  it('PKCS#1 v1.5 block for SHA-256 (RFC 8017 §9.2 note 1 prefix)', () => {
    const data = new TextEncoder().encode('abc');
    const block = signingInput(Algorithm.RSA_2048, data, 'SHA-256');
    expect(block).toHaveLength(256);
    const info = '3031300D060960864801650304020105000420' + toHex(sha256(data));
    expect(toHex(block)).toBe('0001' + 'FF'.repeat(256 - 3 - 51) + '00' + info);
    expect(toHex(digestInfo('SHA-384', new Uint8Array(48))).slice(0, 38)).toBe('3041300D060960864801650304020205000430');
  });

  it('refuses a modulus too small for the DigestInfo', () => {
    expect(() => pkcs1v15Block(new Uint8Array(51), 60)).toThrow(PivDataError);
  });

  it('ECDSA input: leftmost bytes of a longer hash, left-padded shorter hash', () => {
    expect(toHex(ecdsaInput(fromHex('0102030405'), 3))).toBe('010203');
    expect(toHex(ecdsaInput(fromHex('0102'), 4))).toBe('00000102');
  });

  it('GENERAL AUTHENTICATE 7C {82 00, 81 hash}; returns the DER signature', async () => {
    const data = new TextEncoder().encode('challenge');
    const sig = '3006020101020102';
    const t = new ScriptedTransport([
      SELECT_OK,
      [`0087119A 26 7C24 8200 8120 ${toHex(sha256(data))} 00`, `7C0A8208${sig}9000`],
    ]);
    const s = await PivSession.open(t);
    expect(toHex(await s.sign(0x9a, data, 'SHA-256', Algorithm.ECC_P256))).toBe(sig);
  });

  it('an RSA signature of the wrong length is a PivDataError', async () => {
    // 266 bytes of data: two chained commands on a short link (ISO 7816-4 §5.1.1.1).
    const t = new ScriptedTransport([SELECT_OK, ['*', '9000'], ['*', '7C0482020102 9000']]);
    const s = await PivSession.open(t);
    await expect(s.sign(0x9c, Uint8Array.of(1), 'SHA-256', Algorithm.RSA_2048)).rejects.toBeInstanceOf(PivDataError);
    expect(t.sent[1]?.startsWith('1087079C')).toBe(true);
  });
});
