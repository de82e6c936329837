import { p256 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import { provisionDemoToken } from '../../../src/virtual/virtual-token/demo';
import { PivCard } from '../../../src/virtual/virtual-token/piv-card';
import type { FirmwareVersion } from '../../../src/virtual/virtual-token/yubikey-extensions';
import { apdu, authenticate, pinBlock, send, toHex, type Reply } from './card-helpers';

/**
 * MOVE KEY (YubiKey 5.7, INS F6; issue 10 §2): P1 = destination slot or FF to delete, P2 = source slot. Renewal
 * moves the old 9A key to a retired slot before a new key takes 9A.
 */
const KEY_JWK = {
  kty: 'EC',
  crv: 'P-256',
  x: '4tNEsWBcKsF980z-T_nWHZ2NvlZxrYgq1-eX1U6Fa08',
  y: 'wep7kF6Kbh-PmqJpKW1jbRezF6R-7dotMpxO384LH-4',
  d: 'YRbU5xbZmZ8PMgjEnvM579OLD8F7vYG80XkvapOgntw',
};
const PUBLIC_POINT = toHex(Uint8Array.from([4, ...Buffer.from(KEY_JWK.x, 'base64url'), ...Buffer.from(KEY_JWK.y, 'base64url')]));

/** A state file as the emulator has written it since format 1 (before MOVE KEY existed): one key in 9A. */
function formatOneState(): Record<string, unknown> {
  const fresh = PivCard.create({ serial: 0x00c0ffee }).toJSON();
  return {
    ...fresh,
    keys: { '9a': { algorithm: 0x11, jwk: KEY_JWK, pinPolicy: 0, touchPolicy: 0, origin: 2 } },
    objects: { ...fresh.objects, '5fc105': '7003aabbcc' },
  };
}

async function loaded(state: unknown = formatOneState(), firmwareVersion: FirmwareVersion = [5, 7, 2]): Promise<PivCard> {
  const card = PivCard.fromJSON(state, { firmwareVersion });
  await card.powerOn();
  expect((await send(card, '00A4040005A000000308')).sw).toBe(0x9000);
  return card;
}

const move = (card: PivCard, to: number, from: number): Promise<Reply> => send(card, Uint8Array.of(0x00, 0xf6, to, from));

async function signWith(card: PivCard, slot: number): Promise<Reply> {
  expect((await send(card, `0020008008${pinBlock('123456')}`)).sw).toBe(0x9000);
  const digest = new Uint8Array(32).fill(0x42);
  return send(card, apdu(0, 0x87, 0x11, slot, Uint8Array.from([0x7c, 36, 0x82, 0, 0x81, 32, ...digest]), true));
}

describe('MOVE KEY (INS F6)', () => {
  it('moves the 9A key to retired slot 82: 82 signs with the same key, 9A is empty, the certificate stays', async () => {
    const card = await loaded();
    expect(await authenticate(card)).toBe(0x9000);
    expect((await move(card, 0x82, 0x9a)).sw).toBe(0x9000);
    const signed = await signWith(card, 0x82);
    expect(signed.sw).toBe(0x9000);
    const digest = new Uint8Array(32).fill(0x42);
    expect(p256.verify(signed.data.subarray(4), digest, Buffer.from(PUBLIC_POINT, 'hex'), { prehash: false, format: 'der', lowS: false })).toBe(true);
    expect((await signWith(card, 0x9a)).sw).toBe(0x6a82);
    const metadata = await send(card, '00F7008200');
    expect(toHex(metadata.data)).toContain(`8641${PUBLIC_POINT}`);
    expect(metadata.data.subarray(0, 3)).toEqual(Uint8Array.of(0x01, 0x01, 0x11));
    expect(toHex((await send(card, '00CB3FFF055C035FC10500')).data)).toBe('53057003aabbcc');
  });

  it('P1 = FF deletes the key', async () => {
    const card = await loaded();
    expect(await authenticate(card)).toBe(0x9000);
    expect((await move(card, 0xff, 0x9a)).sw).toBe(0x9000);
    expect((await send(card, '00F7009A00')).sw).toBe(0x6a82);
    expect(card.toJSON().keys).toEqual({});
  });

  it('answers 6A88 when the source slot is empty', async () => {
    const card = await loaded();
    expect(await authenticate(card)).toBe(0x9000);
    expect((await move(card, 0x9a, 0x9c)).sw).toBe(0x6a88);
    expect((await move(card, 0xff, 0x95)).sw).toBe(0x6a88);
  });

  it('needs management-key authentication (6982) and changes nothing without it', async () => {
    const card = await loaded();
    const before = JSON.stringify(card.toJSON());
    expect((await move(card, 0x82, 0x9a)).sw).toBe(0x6982);
    expect(JSON.stringify(card.toJSON())).toBe(before);
  });

  it('refuses non-key slots, the same slot and command data (6A86 / 6700)', async () => {
    const card = await loaded();
    expect(await authenticate(card)).toBe(0x9000);
    expect((await move(card, 0x9b, 0x9a)).sw).toBe(0x6a86);
    expect((await move(card, 0x82, 0x80)).sw).toBe(0x6a86);
    expect((await move(card, 0x9a, 0x9a)).sw).toBe(0x6a86);
    expect((await move(card, 0x96, 0x9a)).sw).toBe(0x6a86);
    expect((await send(card, '00F6829A0100')).sw).toBe(0x6700);
  });

  it('keeps the state file format: a format-1 file loads, and after a move it is still format 1 that loads again', async () => {
    const card = await loaded();
    let saves = 0;
    card.onStateChange(() => (saves += 1));
    expect(await authenticate(card)).toBe(0x9000);
    expect((await move(card, 0x82, 0x9a)).sw).toBe(0x9000);
    expect(saves).toBe(1);
    const saved = JSON.parse(JSON.stringify(card.toJSON())) as Record<string, unknown>;
    expect(Object.keys(saved).sort()).toEqual(Object.keys(formatOneState()).sort());
    expect(saved.format).toBe('ukey-virtual-piv/1');
    expect(saved.keys).toEqual({ '82': { algorithm: 0x11, jwk: KEY_JWK, pinPolicy: 0, touchPolicy: 0, origin: 2 } });
    const reloaded = await loaded(saved);
    expect((await signWith(reloaded, 0x82)).sw).toBe(0x9000);
  });

  it('a card emulating firmware before 5.7 answers 6D00, as a real 5.4 key does', async () => {
    const card = await loaded(formatOneState(), [5, 4, 3]);
    expect(await authenticate(card)).toBe(0x9000);
    expect((await move(card, 0x82, 0x9a)).sw).toBe(0x6d00);
    expect(Object.keys(card.toJSON().keys)).toEqual(['9a']);
  });

  it('the demo token is 5.7.2 and moves its 9A key to a retired slot', async () => {
    const card = await provisionDemoToken(new Date('2026-11-30T00:00:00Z'));
    await card.powerOn();
    expect((await send(card, '00A4040005A000000308')).sw).toBe(0x9000);
    expect(toHex((await send(card, '00FD000000')).data)).toBe('050702');
    expect(await authenticate(card)).toBe(0x9000);
    expect((await move(card, 0x83, 0x9a)).sw).toBe(0x9000);
    expect((await send(card, '00F7008300')).sw).toBe(0x9000);
    expect((await send(card, '00F7009A00')).sw).toBe(0x6a82);
  });
});
