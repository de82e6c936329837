import { describe, expect, it } from 'vitest';
import { PivCard } from '../../../src/virtual/virtual-token/piv-card';
import { apdu, authenticate, h, pinBlock, selectedCard, send, toHex } from './card-helpers';

describe('PivCard YubiKey extensions', () => {
  it('answers GET VERSION 5.7.2 by default, or the firmware it was made with, and GET SERIAL', async () => {
    const card = await selectedCard({ serial: 0x00bc614e });
    expect(toHex((await send(card, '00FD000000')).data)).toBe('050702');
    expect(toHex((await send(card, '00F8000000')).data)).toBe('00bc614e');
    const older = await selectedCard({ firmwareVersion: [5, 4, 3] });
    expect(toHex((await send(older, '00FD000000')).data)).toBe('050403');
  });

  it('reports PIN and PUK metadata (default flag, total and remaining tries) without spending a try', async () => {
    const card = await selectedCard({ pinRetries: 8 });
    expect(toHex((await send(card, '00F7008000')).data)).toBe('0101ff050101060208' + '08');
    await send(card, `0020008008${pinBlock('000000')}`);
    expect(toHex((await send(card, '00F7008000')).data)).toBe('0101ff050101060208' + '07');
    await send(card, `0024008110${pinBlock('12345678')}${pinBlock('87654321')}`);
    expect(toHex((await send(card, '00F7008100')).data)).toBe('0101ff050100060203' + '03');
  });

  it('reports slot metadata after key generation and 6A82 for an empty slot', async () => {
    const card = await selectedCard();
    expect((await send(card, '00F7009A00')).sw).toBe(0x6a82);
    expect(await authenticate(card)).toBe(0x9000);
    const gen = await send(card, apdu(0, 0x47, 0, 0x9a, h('ac03800111'), true));
    const meta = await send(card, '00F7009A00');
    expect(meta.sw).toBe(0x9000);
    expect(toHex(meta.data.subarray(0, 12))).toBe('010111020202010301010443');
    expect(toHex(meta.data.subarray(12))).toBe(toHex(gen.data.subarray(3)));
  });

  it('SET PIN RETRIES needs management key and PIN, then restores default PIN and PUK', async () => {
    const card = await selectedCard();
    expect((await send(card, '00FA0605')).sw).toBe(0x6982);
    expect(await authenticate(card)).toBe(0x9000);
    expect((await send(card, '00FA0605')).sw).toBe(0x6982);
    await send(card, `0024008010${pinBlock('123456')}${pinBlock('246810')}`);
    expect((await send(card, '00FA0605')).sw).toBe(0x9000);
    const state = card.toJSON();
    expect([state.pinRetriesTotal, state.pinRetriesLeft, state.pukRetriesTotal]).toEqual([6, 6, 5]);
    expect((await send(card, `0020008008${pinBlock('123456')}`)).sw).toBe(0x9000);
  });

  it('RESET works only with PIN and PUK blocked and wipes keys and objects', async () => {
    const card = await selectedCard();
    expect(await authenticate(card)).toBe(0x9000);
    await send(card, apdu(0, 0x47, 0, 0x9a, h('ac03800111'), true));
    expect((await send(card, '00FB0000')).sw).toBe(0x6985);
    for (let i = 0; i < 3; i++) await send(card, `0020008008${pinBlock('000000')}`);
    for (let i = 0; i < 3; i++) await send(card, `002C008010${pinBlock('00000000')}${pinBlock('777777')}`);
    expect((await send(card, '00FB0000')).sw).toBe(0x9000);
    expect((await send(card, '00F7009A00')).sw).toBe(0x6a82);
    expect((await send(card, '00200080')).sw).toBe(0x63c3);
    expect((await send(card, '00CB3FFF055C035FC10200')).sw).toBe(0x9000);
  });

  it('imports an EC P-256 key (IMPORT KEY, tag 06) and reports origin "imported"', async () => {
    const card = await selectedCard();
    expect(await authenticate(card)).toBe(0x9000);
    const scalar = h('c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721');
    expect((await send(card, apdu(0, 0xfe, 0x11, 0x9d, Uint8Array.from([0x06, 32, ...scalar])))).sw).toBe(0x9000);
    const meta = await send(card, '00F7009D00');
    expect(toHex(meta.data.subarray(0, 10))).toBe('010111020202010301' + '02');
    // public key of the RFC 6979 A.2.5 P-256 test key
    expect(toHex(meta.data.subarray(15, 15 + 32))).toBe('60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6');
  });

  it('counts every APDU, including rejected ones, until reset', async () => {
    const card = PivCard.create();
    await card.powerOn();
    await send(card, '00A4040005A000000308');
    await send(card, '00');
    await send(card, '00FD0000');
    expect(card.apduCount).toBe(3);
    card.resetApduCount();
    expect(card.apduCount).toBe(0);
  });
});
