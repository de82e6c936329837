import { describe, expect, it } from 'vitest';
import { apdu, authenticate, h, pinBlock, selectedCard, send, sendLong, toHex } from './card-helpers';

function putCertificate(objectId: string, cert: Uint8Array): Uint8Array {
  const inner = Uint8Array.from([0x70, 0x82, cert.length >> 8, cert.length & 0xff, ...cert, 0x71, 1, 0, 0xfe, 0]);
  return Uint8Array.from([0x5c, 3, ...h(objectId), 0x53, 0x82, inner.length >> 8, inner.length & 0xff, ...inner]);
}

describe('PivCard GET DATA', () => {
  it('returns Discovery under tag 7E with the PIV AID and PIN usage policy', async () => {
    const card = await selectedCard();
    const r = await send(card, '00CB3FFF035C017E00');
    expect(r.sw).toBe(0x9000);
    expect(toHex(r.data)).toBe('7e124f0ba0000003080000100001005f2f024000');
  });

  it('returns CHUID and CCC wrapped in 53, and 6A82 for an empty certificate slot', async () => {
    const card = await selectedCard();
    const chuid = await send(card, '00CB3FFF055C035FC10200');
    expect(chuid.sw).toBe(0x9000);
    expect(toHex(chuid.data.subarray(0, 4))).toBe('533b3019');
    expect((await send(card, '00CB3FFF055C035FC10700')).data[0]).toBe(0x53);
    expect((await send(card, '00CB3FFF055C035FC10500')).sw).toBe(0x6a82);
    expect((await send(card, '00CB3FFF055C035FC10C00')).sw).toBe(0x6a82);
  });

  it('rejects a GET DATA with wrong P1-P2 or a malformed tag list', async () => {
    const card = await selectedCard();
    expect((await send(card, '00CB3FFE035C017E')).sw).toBe(0x6a86);
    expect((await send(card, '00CB3FFF035C057E')).sw).toBe(0x6a80);
  });
});

describe('PivCard PUT DATA and chaining', () => {
  it('stores a large certificate sent with command chaining and returns it with 61xx chaining', async () => {
    const card = await selectedCard();
    const cert = Uint8Array.from({ length: 1200 }, (_, i) => (i * 7) & 0xff);
    const body = putCertificate('5fc105', cert);
    expect((await sendLong(card, 0xdb, 0x3f, 0xff, body)).sw).toBe(0x6982);
    expect(await authenticate(card)).toBe(0x9000);
    expect((await sendLong(card, 0xdb, 0x3f, 0xff, body)).sw).toBe(0x9000);
    // first answer: 256 bytes + 61 00 (more than 255 left)
    const first = await send(card, '00CB3FFF055C035FC10500');
    expect(first.data.length).toBe(256);
    expect(first.sw).toBe(0x6100);
    const all = await sendLong(card, 0xcb, 0x3f, 0xff, h('5c035fc105'));
    expect(all.sw).toBe(0x9000);
    expect(toHex(all.data)).toBe(toHex(body.subarray(5)));
  });

  it('answers the last GET RESPONSE with 9000 and a count of the bytes left in 61xx', async () => {
    const card = await selectedCard();
    expect(await authenticate(card)).toBe(0x9000);
    const body = putCertificate('5fc10a', new Uint8Array(300).fill(1));
    expect((await sendLong(card, 0xdb, 0x3f, 0xff, body)).sw).toBe(0x9000);
    const first = await send(card, '00CB3FFF055C035FC10A00');
    const total = body.length - 5;
    expect(first.sw).toBe(0x6100 | (total - 256));
    const rest = await send(card, '00C0000000');
    expect(rest.sw).toBe(0x9000);
    expect(rest.data.length).toBe(total - 256);
    expect((await send(card, '00C0000000')).sw).toBe(0x6985);
  });

  it('returns the whole object at once for an extended Le', async () => {
    const card = await selectedCard();
    expect(await authenticate(card)).toBe(0x9000);
    const body = putCertificate('5fc10b', new Uint8Array(600).fill(2));
    expect((await send(card, Uint8Array.from([0, 0xdb, 0x3f, 0xff, 0, body.length >> 8, body.length & 0xff, ...body]))).sw).toBe(0x9000);
    const r = await send(card, '00CB3FFF0000055C035FC10B0000');
    expect(r.sw).toBe(0x9000);
    expect(r.data.length).toBe(body.length - 5);
  });

  it('deletes an object written empty, refuses oversize objects with 6A84', async () => {
    const card = await selectedCard();
    expect(await authenticate(card)).toBe(0x9000);
    expect((await sendLong(card, 0xdb, 0x3f, 0xff, putCertificate('5fc10d', new Uint8Array(10)))).sw).toBe(0x9000);
    expect((await send(card, '00CB3FFF055C035FC10D00')).sw).toBe(0x9000);
    expect((await send(card, '00DB3FFF075C035FC10D5300')).sw).toBe(0x9000);
    expect((await send(card, '00CB3FFF055C035FC10D00')).sw).toBe(0x6a82);
    expect((await sendLong(card, 0xdb, 0x3f, 0xff, putCertificate('5fc10d', new Uint8Array(3100)))).sw).toBe(0x6a84);
  });

  it('protects printed information with the PIN', async () => {
    const card = await selectedCard();
    expect(await authenticate(card)).toBe(0x9000);
    expect((await send(card, apdu(0, 0xdb, 0x3f, 0xff, h('5c035fc1095303010203')))).sw).toBe(0x9000);
    expect((await send(card, '00CB3FFF055C035FC10900')).sw).toBe(0x6982);
    expect((await send(card, `0020008008${pinBlock('123456')}`)).sw).toBe(0x9000);
    expect(toHex((await send(card, '00CB3FFF055C035FC10900')).data)).toBe('5303010203');
  });

  it('drops an unfinished chain when another command arrives', async () => {
    const card = await selectedCard();
    expect(await authenticate(card)).toBe(0x9000);
    expect((await send(card, '10DB3FFF055C035FC10D')).sw).toBe(0x9000);
    expect((await send(card, '00CB3FFF035C017E00')).sw).toBe(0x9000);
    // the tail alone is not a valid PUT DATA
    expect((await send(card, '00DB3FFF0453020102')).sw).toBe(0x6a80);
  });
});
