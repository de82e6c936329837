import { describe, expect, it } from 'vitest';
import { PivCard } from '../../../src/virtual/virtual-token/piv-card';
import { pinBlock, selectedCard, send } from './card-helpers';

describe('PivCard SELECT', () => {
  it('answers the full and the truncated PIV AID with the application property template', async () => {
    const card = PivCard.create();
    await card.powerOn();
    const full = await send(card, '00A404000BA000000308000010000100');
    expect(full.sw).toBe(0x9000);
    expect(full.data[0]).toBe(0x61);
    // 4F carries the PIX 00 00 10 00 01 00 (SP 800-73-4 Part 2 §3.1.1)
    expect(Buffer.from(full.data).toString('hex')).toContain('4f06000010000100');
    expect((await send(card, '00A4040005A000000308')).sw).toBe(0x9000);
  });

  it('answers 6A82 to an unknown AID and refuses PIV commands until PIV is selected', async () => {
    const card = PivCard.create();
    await card.powerOn();
    expect((await send(card, '00A4040007A0000005272101')).sw).toBe(0x6a82);
    expect((await send(card, '00CB3FFF055C035FC102')).sw).toBe(0x6d00);
    expect((await send(card, '00A4040005A000000308')).sw).toBe(0x9000);
    expect((await send(card, '00CB3FFF055C035FC102')).sw).toBe(0x9000);
  });

  it('rejects an unknown CLA and a malformed length', async () => {
    const card = await selectedCard();
    expect((await send(card, '80CB3FFF035C017E')).sw).toBe(0x6e00);
    expect((await send(card, '00CB3FFF055C017E')).sw).toBe(0x6700);
    expect((await send(card, '00CB')).sw).toBe(0x6700);
  });
});

describe('PivCard VERIFY', () => {
  it('reports tries with an empty VERIFY without spending one', async () => {
    const card = await selectedCard({ pinRetries: 5 });
    for (let i = 0; i < 3; i++) expect((await send(card, '0020008000')).sw).toBe(0x63c5);
    expect((await send(card, '00200080')).sw).toBe(0x63c5);
    expect(card.toJSON().pinRetriesLeft).toBe(5);
  });

  it('counts wrong PINs down, resets on success, and answers 9000 to an empty VERIFY once verified', async () => {
    const card = await selectedCard();
    expect((await send(card, `0020008008${pinBlock('000000')}`)).sw).toBe(0x63c2);
    expect((await send(card, '00200080')).sw).toBe(0x63c2);
    expect((await send(card, `0020008008${pinBlock('123456')}`)).sw).toBe(0x9000);
    expect((await send(card, '00200080')).sw).toBe(0x9000);
    expect(card.toJSON().pinRetriesLeft).toBe(3);
    // P1 = FF drops the verified state (SP 800-73-4 Part 2 §3.2.1)
    expect((await send(card, '0020FF80')).sw).toBe(0x9000);
    expect((await send(card, '00200080')).sw).toBe(0x63c3);
  });

  it('blocks after the last wrong PIN: 6983, even for the right PIN', async () => {
    const card = await selectedCard();
    expect((await send(card, `0020008008${pinBlock('111111')}`)).sw).toBe(0x63c2);
    expect((await send(card, `0020008008${pinBlock('111111')}`)).sw).toBe(0x63c1);
    expect((await send(card, `0020008008${pinBlock('111111')}`)).sw).toBe(0x6983);
    expect((await send(card, `0020008008${pinBlock('123456')}`)).sw).toBe(0x6983);
    expect((await send(card, '00200080')).sw).toBe(0x6983);
  });

  it('rejects a PIN not padded to 8 bytes without spending a try', async () => {
    const card = await selectedCard();
    expect((await send(card, '0020008006313233343536')).sw).toBe(0x6700);
    expect(card.toJSON().pinRetriesLeft).toBe(3);
  });
});

describe('PivCard CHANGE REFERENCE DATA and RESET RETRY COUNTER', () => {
  it('changes the PIN with the old one, and a wrong old PIN spends a try', async () => {
    const card = await selectedCard();
    expect((await send(card, `0024008010${pinBlock('999999')}${pinBlock('654321')}`)).sw).toBe(0x63c2);
    expect((await send(card, `0024008010${pinBlock('123456')}${pinBlock('654321')}`)).sw).toBe(0x9000);
    expect((await send(card, '0020FF80')).sw).toBe(0x9000);
    expect((await send(card, `0020008008${pinBlock('123456')}`)).sw).toBe(0x63c2);
    expect((await send(card, `0020008008${pinBlock('654321')}`)).sw).toBe(0x9000);
  });

  it('refuses a new PIN shorter than 6 characters', async () => {
    const card = await selectedCard();
    expect((await send(card, `0024008010${pinBlock('123456')}${pinBlock('12345')}`)).sw).toBe(0x6a80);
  });

  it('changes the PUK (reference 81)', async () => {
    const card = await selectedCard();
    expect((await send(card, `0024008110${pinBlock('12345678')}${pinBlock('87654321')}`)).sw).toBe(0x9000);
    expect((await send(card, `0024008110${pinBlock('12345678')}${pinBlock('11223344')}`)).sw).toBe(0x63c2);
  });

  it('unblocks a blocked PIN with the PUK and sets the new PIN', async () => {
    const card = await selectedCard();
    for (let i = 0; i < 3; i++) await send(card, `0020008008${pinBlock('000000')}`);
    expect((await send(card, '00200080')).sw).toBe(0x6983);
    expect((await send(card, `002C008010${pinBlock('00000000')}${pinBlock('777777')}`)).sw).toBe(0x63c2);
    expect((await send(card, `002C008010${pinBlock('12345678')}${pinBlock('777777')}`)).sw).toBe(0x9000);
    expect((await send(card, '00200080')).sw).toBe(0x63c3);
    expect((await send(card, `0020008008${pinBlock('777777')}`)).sw).toBe(0x9000);
    expect(card.toJSON().pukRetriesLeft).toBe(3);
  });

  it('blocks the PUK after its tries and then refuses to unblock', async () => {
    const card = await selectedCard({ pukRetries: 2 });
    expect((await send(card, `002C008010${pinBlock('00000000')}${pinBlock('777777')}`)).sw).toBe(0x63c1);
    expect((await send(card, `002C008010${pinBlock('00000000')}${pinBlock('777777')}`)).sw).toBe(0x6983);
    expect((await send(card, `002C008010${pinBlock('12345678')}${pinBlock('777777')}`)).sw).toBe(0x6983);
  });
});
