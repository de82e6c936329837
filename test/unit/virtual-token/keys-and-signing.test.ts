import { p256, p384 } from '@noble/curves/nist.js';
import { sha256, sha384 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { apdu, authenticate, h, pinBlock, selectedCard, send, sendLong, toHex } from './card-helpers';

function generateCommand(slot: number, alg: number, pinPolicy?: number): Uint8Array {
  const crt = [0x80, 1, alg, ...(pinPolicy ? [0xaa, 1, pinPolicy] : [])];
  return apdu(0, 0x47, 0, slot, Uint8Array.from([0xac, crt.length, ...crt]), true);
}

async function verifyPin(card: Awaited<ReturnType<typeof selectedCard>>): Promise<void> {
  expect((await send(card, `0020008008${pinBlock('123456')}`)).sw).toBe(0x9000);
}

function signCommand(alg: number, slot: number, input: Uint8Array): Uint8Array {
  const inner = Uint8Array.from([0x82, 0, 0x81, ...(input.length > 127 ? [0x82, input.length >> 8, input.length & 0xff] : [input.length]), ...input]);
  return Uint8Array.from([0x7c, ...(inner.length > 255 ? [0x82, inner.length >> 8, inner.length & 0xff] : inner.length > 127 ? [0x81, inner.length] : [inner.length]), ...inner]);
}

/** Strips 7C L 82 L from a GENERAL AUTHENTICATE answer (lengths may be long-form). */
function signatureOf(data: Uint8Array): Uint8Array {
  let i = 1;
  i += data[i]! > 0x80 ? 1 + (data[i]! & 0x7f) : 1;
  i += 1; // 82
  const lenByte = data[i]!;
  i += lenByte > 0x80 ? 1 + (lenByte & 0x7f) : 1;
  return data.subarray(i);
}

describe('PivCard key generation and signing', () => {
  it('needs the management key to generate', async () => {
    const card = await selectedCard();
    expect((await send(card, generateCommand(0x9a, 0x11))).sw).toBe(0x6982);
  });

  for (const [alg, curve, hash, size] of [[0x11, p256, sha256, 32], [0x14, p384, sha384, 48]] as const) {
    it(`generates an EC key (algorithm ${alg.toString(16)}) whose DER ECDSA signatures verify`, async () => {
      const card = await selectedCard();
      expect(await authenticate(card)).toBe(0x9000);
      const gen = await send(card, generateCommand(0x9a, alg));
      expect(gen.sw).toBe(0x9000);
      expect(toHex(gen.data.subarray(0, 5))).toBe(`7f49${(size * 2 + 3).toString(16)}86${(size * 2 + 1).toString(16)}`);
      const point = gen.data.subarray(5);
      expect(point[0]).toBe(0x04);
      const digest = hash(new TextEncoder().encode('login challenge'));
      expect((await send(card, apdu(0, 0x87, alg, 0x9a, signCommand(alg, 0x9a, digest), true))).sw).toBe(0x6982);
      await verifyPin(card);
      const signed = await send(card, apdu(0, 0x87, alg, 0x9a, signCommand(alg, 0x9a, digest), true));
      expect(signed.sw).toBe(0x9000);
      expect(curve.verify(signatureOf(signed.data), digest, point, { prehash: false, format: 'der', lowS: false })).toBe(true);
      // the wrong algorithm byte for this key is refused
      expect((await send(card, apdu(0, 0x87, 0x07, 0x9a, signCommand(alg, 0x9a, digest), true))).sw).toBe(0x6a86);
    });
  }

  it('generates RSA-2048 and signs the PKCS#1 v1.5 block the host built (verified by WebCrypto)', async () => {
    const card = await selectedCard();
    expect(await authenticate(card)).toBe(0x9000);
    const gen = await sendLong(card, 0x47, 0, 0x9c, Uint8Array.from([0xac, 3, 0x80, 1, 0x07]));
    expect(gen.sw).toBe(0x9000);
    expect(toHex(gen.data.subarray(0, 9))).toBe('7f4982010981820100');
    const modulus = gen.data.subarray(9, 9 + 256);
    const exponent = gen.data.subarray(9 + 256 + 2);
    expect(toHex(exponent)).toBe('010001');
    const message = new TextEncoder().encode('签名测试');
    const digest = sha256(message);
    const prefix = h('3031300d060960864801650304020105000420');
    const block = new Uint8Array(256).fill(0xff);
    block[0] = 0;
    block[1] = 1;
    block[256 - prefix.length - digest.length - 1] = 0;
    block.set(prefix, 256 - prefix.length - digest.length);
    block.set(digest, 256 - digest.length);
    // 9C is PIN "always": a PIN verified for an earlier signature does not count
    await verifyPin(card);
    const body = signCommand(0x07, 0x9c, block);
    const first = await sendLong(card, 0x87, 0x07, 0x9c, body);
    expect(first.sw).toBe(0x9000);
    expect((await sendLong(card, 0x87, 0x07, 0x9c, body)).sw).toBe(0x6982);
    const key = await crypto.subtle.importKey(
      'jwk',
      { kty: 'RSA', n: Buffer.from(modulus).toString('base64url'), e: 'AQAB' },
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      false,
      ['verify'],
    );
    const signature = signatureOf(first.data);
    expect(signature.length).toBe(256);
    expect(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, signature.slice(), message)).toBe(true);
  });

  it('answers 6A82 for a slot without a key and 6A86 for GENERATE into a non-key slot', async () => {
    const card = await selectedCard();
    expect(await authenticate(card)).toBe(0x9000);
    await verifyPin(card);
    expect((await send(card, apdu(0, 0x87, 0x11, 0x9d, signCommand(0x11, 0x9d, new Uint8Array(32)), true))).sw).toBe(0x6a82);
    expect((await send(card, generateCommand(0x9b, 0x11))).sw).toBe(0x6a86);
  });

  it('honours PIN policy "never" set at generation (tag AA)', async () => {
    const card = await selectedCard();
    expect(await authenticate(card)).toBe(0x9000);
    const gen = await send(card, generateCommand(0x9e, 0x11, 0x01));
    expect(gen.sw).toBe(0x9000);
    const digest = sha256(new Uint8Array(3));
    expect((await send(card, apdu(0, 0x87, 0x11, 0x9e, signCommand(0x11, 0x9e, digest), true))).sw).toBe(0x9000);
  });

  it('computes ECDH (tag 85) equal to the host side shared secret', async () => {
    const card = await selectedCard();
    expect(await authenticate(card)).toBe(0x9000);
    const gen = await send(card, generateCommand(0x9d, 0x11));
    const cardPoint = gen.data.subarray(5);
    const peer = p256.utils.randomSecretKey();
    const peerPoint = p256.getPublicKey(peer, false);
    await verifyPin(card);
    const body = Uint8Array.from([0x7c, 2 + 2 + 65, 0x82, 0, 0x85, 65, ...peerPoint]);
    const reply = await send(card, apdu(0, 0x87, 0x11, 0x9d, body, true));
    expect(reply.sw).toBe(0x9000);
    expect(toHex(reply.data.subarray(4))).toBe(toHex(p256.getSharedSecret(peer, cardPoint).subarray(1)));
  });
});
