import { describe, expect, it } from 'vitest';
import { encryptBlock } from '../../../src/virtual/virtual-token/block-cipher';
import { DEFAULT_MGM, apdu, authenticate, h, selectedCard, send } from './card-helpers';

describe('PivCard management-key authentication', () => {
  it('runs mutual authentication with the default 3DES key (yubico-piv-tool flow)', async () => {
    const card = await selectedCard();
    expect(await authenticate(card)).toBe(0x9000);
  });

  it('rejects a wrong 3DES key with 6982 and stays unauthenticated', async () => {
    const card = await selectedCard();
    const wrong = h('0102030405060708010203040506070801020304050607ff');
    expect(await authenticate(card, 0x03, wrong)).toBe(0x6982);
    // PUT DATA needs the management key
    expect((await send(card, '00DB3FFF075C035FC1095300')).sw).toBe(0x6982);
  });

  it('answers a second step without a first with 6985', async () => {
    const card = await selectedCard();
    const body = h('7c1480080000000000000000810800000000000000000');
    expect((await send(card, apdu(0, 0x87, 0x03, 0x9b, body.subarray(0, 22)))).sw).toBe(0x6985);
  });

  it('accepts single (external) authentication: challenge in clear, host answers it encrypted', async () => {
    const card = await selectedCard({ random: (n) => new Uint8Array(n).fill(7) });
    const step1 = await send(card, apdu(0, 0x87, 0x03, 0x9b, h('7c028100')));
    expect(step1.sw).toBe(0x9000);
    expect(Buffer.from(step1.data).toString('hex')).toBe('7c0a81080707070707070707');
    const answer = encryptBlock(0x03, DEFAULT_MGM, step1.data.subarray(4));
    const step2 = await send(card, apdu(0, 0x87, 0x03, 0x9b, Uint8Array.from([0x7c, 10, 0x82, 8, ...answer])));
    expect(step2.sw).toBe(0x9000);
    expect((await send(card, '00DB3FFF075C035FC1095300')).sw).toBe(0x9000);
  });

  it('refuses an algorithm byte that does not match the key', async () => {
    const card = await selectedCard();
    expect((await send(card, apdu(0, 0x87, 0x08, 0x9b, h('7c028000')))).sw).toBe(0x6a86);
  });

  for (const [alg, length] of [[0x08, 16], [0x0a, 24], [0x0c, 32]] as const) {
    it(`switches to an AES key (algorithm ${alg.toString(16)}) with SET MANAGEMENT KEY and authenticates with it`, async () => {
      const card = await selectedCard();
      const key = Uint8Array.from({ length }, (_, i) => i + 1);
      expect((await send(card, apdu(0, 0xff, 0xff, 0xff, Uint8Array.from([alg, 0x9b, length, ...key])))).sw).toBe(0x6982);
      expect(await authenticate(card)).toBe(0x9000);
      expect((await send(card, apdu(0, 0xff, 0xff, 0xff, Uint8Array.from([alg, 0x9b, length, ...key])))).sw).toBe(0x9000);
      expect(await authenticate(card, 0x03)).toBe(0x6a86);
      expect(await authenticate(card, alg, key)).toBe(0x9000);
      // GET METADATA 9B reports the algorithm and that the key is no longer the default
      const meta = await send(card, '00F7009B00');
      expect(Buffer.from(meta.data).toString('hex')).toBe(`0101${alg.toString(16).padStart(2, '0')}020200010501` + '00');
    });
  }

  it('rejects a key of the wrong length for its algorithm', async () => {
    const card = await selectedCard();
    expect(await authenticate(card)).toBe(0x9000);
    const key = new Uint8Array(20).fill(1);
    expect((await send(card, apdu(0, 0xff, 0xff, 0xff, Uint8Array.from([0x08, 0x9b, 20, ...key])))).sw).toBe(0x6700);
  });
});
