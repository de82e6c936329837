import { describe, expect, it } from 'vitest';
import { apdu, authenticate, h, pinBlock, selectedCard, send, sendLong, toHex } from './card-helpers';

function b64u(text: string | undefined): Uint8Array {
  return new Uint8Array(Buffer.from(text ?? '', 'base64url'));
}

function item(tag: number, value: Uint8Array): number[] {
  return [tag, ...(value.length > 255 ? [0x82, value.length >> 8, value.length & 0xff] : value.length > 127 ? [0x81, value.length] : [value.length]), ...value];
}

describe('PivCard IMPORT KEY (YubiKey extension)', () => {
  it('imports an RSA-2048 key from p and q (chained) and signs so that the host public key verifies', async () => {
    const pair = await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: Uint8Array.of(1, 0, 1), hash: 'SHA-256' },
      true,
      ['sign', 'verify'],
    );
    const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
    const body = Uint8Array.from([
      ...item(0x01, b64u(jwk.p)), ...item(0x02, b64u(jwk.q)), ...item(0x03, b64u(jwk.dp)),
      ...item(0x04, b64u(jwk.dq)), ...item(0x05, b64u(jwk.qi)), ...item(0xaa, Uint8Array.of(0x02)),
    ]);
    const card = await selectedCard();
    expect((await sendLong(card, 0xfe, 0x07, 0x9a, body)).sw).toBe(0x6982);
    expect(await authenticate(card)).toBe(0x9000);
    expect((await sendLong(card, 0xfe, 0x07, 0x9a, body)).sw).toBe(0x9000);
    // metadata: RSA-2048, PIN once, imported; the public key is the host's modulus
    const meta = await sendLong(card, 0xf7, 0x00, 0x9a, new Uint8Array(0));
    expect(toHex(meta.data.subarray(0, 10))).toBe('01010702020201030102');
    expect(toHex(meta.data)).toContain(toHex(b64u(jwk.n)));

    const message = new TextEncoder().encode('imported key');
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', message));
    const prefix = h('3031300d060960864801650304020105000420');
    const block = new Uint8Array(256).fill(0xff);
    block.set([0, 1]);
    block[256 - prefix.length - 33] = 0;
    block.set(prefix, 256 - prefix.length - 32);
    block.set(digest, 256 - 32);
    expect((await send(card, `0020008008${pinBlock('123456')}`)).sw).toBe(0x9000);
    const signed = await sendLong(card, 0x87, 0x07, 0x9a, Uint8Array.from([0x7c, 0x82, 0x01, 0x06, 0x82, 0x00, 0x81, 0x82, 0x01, 0x00, ...block]));
    expect(signed.sw).toBe(0x9000);
    expect(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', pair.publicKey, signed.data.slice(8), message)).toBe(true);
  });

  it('refuses a P-256 scalar of the wrong length or out of range', async () => {
    const card = await selectedCard();
    expect(await authenticate(card)).toBe(0x9000);
    expect((await send(card, apdu(0, 0xfe, 0x11, 0x9a, Uint8Array.from([0x06, 31, ...new Uint8Array(31).fill(1)])))).sw).toBe(0x6a80);
    expect((await send(card, apdu(0, 0xfe, 0x11, 0x9a, Uint8Array.from([0x06, 32, ...new Uint8Array(32).fill(0xff)])))).sw).toBe(0x6a80);
    expect((await send(card, apdu(0, 0xfe, 0x11, 0x9a, Uint8Array.from([0x06, 32, ...new Uint8Array(32)])))).sw).toBe(0x6a80);
  });
});
