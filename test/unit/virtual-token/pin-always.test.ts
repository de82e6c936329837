import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { PivCard } from '../../../src/virtual/virtual-token/piv-card';
import { apdu, authenticate, h, pinBlock, selectedCard, send, sendLong, type Reply } from './card-helpers';

/**
 * Issue 7 §3: VERIFY must be the last command before the private-key operation of a PIN-"always" key
 * (SP 800-73-4 Part 1 §3.2; the 9C digital signature key). The old emulator let any command through between
 * VERIFY and the signature, so a driver that read metadata after VERIFY passed against it and failed on a
 * real card.
 */
type Card = Awaited<ReturnType<typeof selectedCard>>;

const VERIFY = `0020008008${pinBlock('123456')}`;
const DIGEST = sha256(new TextEncoder().encode('PIN-always'));

async function cardWithKeys(slots: readonly number[], options: Parameters<typeof selectedCard>[0] = {}, pinPolicy?: number): Promise<Card> {
  const card = await selectedCard(options);
  expect(await authenticate(card)).toBe(0x9000);
  for (const slot of slots) {
    const crt = [0x80, 1, 0x11, ...(pinPolicy ? [0xaa, 1, pinPolicy] : [])];
    expect((await send(card, apdu(0, 0x47, 0, slot, Uint8Array.from([0xac, crt.length, ...crt]), true))).sw).toBe(0x9000);
  }
  return card;
}

function sign(card: Card, slot: number): Promise<Reply> {
  const body = Uint8Array.from([0x7c, 4 + DIGEST.length, 0x82, 0, 0x81, DIGEST.length, ...DIGEST]);
  return send(card, apdu(0, 0x87, 0x11, slot, body, true));
}

async function verify(card: Card): Promise<void> {
  expect((await send(card, VERIFY)).sw).toBe(0x9000);
}

const BETWEEN: Record<string, string> = {
  'GET DATA (CHUID)': '00CB3FFF055C035FC10200',
  'GET METADATA of the key': '00F7009C00',
  'SELECT of the PIV application': '00A4040005A000000308',
  'an empty VERIFY (status only)': '0020008000',
  'GET VERSION': '00FD000000',
  'a malformed APDU': '00CB3F',
};

describe('PIN-always keys: VERIFY is consumed by exactly the next command (issue 7 §3)', () => {
  it('signs once right after VERIFY; a second signature without a new VERIFY answers 6982', async () => {
    const card = await cardWithKeys([0x9c]);
    await verify(card);
    expect((await sign(card, 0x9c)).sw).toBe(0x9000);
    expect((await sign(card, 0x9c)).sw).toBe(0x6982);
    await verify(card);
    expect((await sign(card, 0x9c)).sw).toBe(0x9000);
  });

  for (const [what, between] of Object.entries(BETWEEN)) {
    it(`emulator no longer lenient: ${what} between VERIFY and the 9C signature makes it answer 6982`, async () => {
      const card = await cardWithKeys([0x9c]);
      await verify(card);
      await send(card, between);
      expect((await sign(card, 0x9c)).sw).toBe(0x6982);
    });
  }

  it('a wrong PIN gives no status to consume', async () => {
    const card = await cardWithKeys([0x9c]);
    await verify(card);
    expect((await send(card, `0020008008${pinBlock('000000')}`)).sw).toBe(0x63c2);
    expect((await sign(card, 0x9c)).sw).toBe(0x6982);
  });

  it('a GENERAL AUTHENTICATE sent in chained parts (RSA-2048 in short APDUs) is one command: VERIFY still counts', async () => {
    const card = await selectedCard();
    expect(await authenticate(card)).toBe(0x9000);
    const generated = await sendLong(card, 0x47, 0, 0x9c, h('AC03800107'));
    expect(generated.sw).toBe(0x9000);
    const block = new Uint8Array(256).fill(0x01);
    block[0] = 0;
    const body = Uint8Array.from([0x7c, 0x82, 0x01, 0x06, 0x82, 0x00, 0x81, 0x82, 0x01, 0x00, ...block]);
    await verify(card);
    const signed = await sendLong(card, 0x87, 0x07, 0x9c, body);
    expect(signed.sw).toBe(0x9000);
    expect((await sendLong(card, 0x87, 0x07, 0x9c, body)).sw).toBe(0x6982);
  });

  it('keys of other slots keep "PIN once per session": any command may come between', async () => {
    const card = await cardWithKeys([0x9a, 0x9d]);
    await verify(card);
    for (const between of Object.values(BETWEEN)) await send(card, between);
    expect((await sign(card, 0x9a)).sw).toBe(0x9000);
    expect((await sign(card, 0x9a)).sw).toBe(0x9000);
    expect((await sign(card, 0x9d)).sw).toBe(0x9000);
  });

  it('pinAlwaysSlots makes every listed slot strict, and GET METADATA reports policy "always" (03) for them', async () => {
    const card = await cardWithKeys([0x9a, 0x9c], { pinAlwaysSlots: [0x9a, 0x9c, 0x9d, 0x9e] });
    await verify(card);
    await send(card, BETWEEN['GET DATA (CHUID)']!);
    expect((await sign(card, 0x9a)).sw).toBe(0x6982);
    await verify(card);
    expect((await sign(card, 0x9a)).sw).toBe(0x9000);
    const metadata = await send(card, '00F7009A00');
    expect(metadata.data.subarray(3, 7)).toEqual(h('02020301'));
  });

  it('an explicit policy at generation wins over the card default: 9C made "once" (AA 02) signs after other commands', async () => {
    const card = await cardWithKeys([0x9c], {}, 0x02);
    await verify(card);
    await send(card, BETWEEN['GET METADATA of the key']!);
    expect((await sign(card, 0x9c)).sw).toBe(0x9000);
    expect((await sign(card, 0x9c)).sw).toBe(0x9000);
  });

  it('a card rebuilt from its state file takes pinAlwaysSlots too', async () => {
    const original = await cardWithKeys([0x9a]);
    const copy = PivCard.fromJSON(original.toJSON(), { pinAlwaysSlots: [0x9a] });
    await copy.powerOn();
    await send(copy, '00A4040005A000000308');
    await verify(copy);
    await send(copy, BETWEEN['GET VERSION']!);
    expect((await sign(copy, 0x9a)).sw).toBe(0x6982);
  });
});
