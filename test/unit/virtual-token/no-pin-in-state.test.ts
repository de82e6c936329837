import { describe, expect, it } from 'vitest';
import { PivCard } from '../../../src/virtual/virtual-token/piv-card';
import { pinBlock, selectedCard, send } from './card-helpers';

/** Every way a PIN could sit in the saved state: ASCII, padded hex, base64, UTF-16. */
function encodings(pin: string): string[] {
  const block = pinBlock(pin);
  const utf16 = [...pin].map((c) => `${c}\u0000`).join('');
  return [pin, block, block.toUpperCase(), Buffer.from(pin).toString('base64').replace(/=+$/, ''), utf16,
    Buffer.from(pin).toString('hex')];
}

async function metadataIsDefault(card: PivCard, ref: string): Promise<number> {
  const answer = await send(card, `00F700${ref}00`);
  expect(answer.sw).toBe(0x9000);
  // 06 01 FF | 05 01 <default> | 06 02 ..
  return answer.data[5] ?? -1;
}

describe('saved card state keeps no PIN or PUK (DESIGN §7)', () => {
  it('stores only verifiers, yet the reloaded card checks PIN and PUK and knows the default', async () => {
    const card = await selectedCard();
    expect(await metadataIsDefault(card, '80')).toBe(1);
    expect((await send(card, `0024008010${pinBlock('123456')}${pinBlock('47110815')}`)).sw).toBe(0x9000);
    expect((await send(card, `0024008110${pinBlock('12345678')}${pinBlock('98765432')}`)).sw).toBe(0x9000);
    const text = JSON.stringify(card.toJSON());
    for (const secret of ['47110815', '98765432', '123456', '12345678']) {
      for (const form of encodings(secret)) expect(text.toLowerCase()).not.toContain(form.toLowerCase());
    }
    const copy = PivCard.fromJSON(JSON.parse(text));
    await copy.powerOn();
    await send(copy, '00A4040005A000000308');
    expect(await metadataIsDefault(copy, '80')).toBe(0);
    expect((await send(copy, `0020008008${pinBlock('123456')}`)).sw).toBe(0x63c2);
    expect((await send(copy, `0020008008${pinBlock('47110815')}`)).sw).toBe(0x9000);
    expect((await send(copy, `002C008010${pinBlock('98765432')}${pinBlock('123456')}`)).sw).toBe(0x9000);
    // Back at the factory PIN: the flag compares against the default's verifier.
    const again = PivCard.fromJSON(JSON.parse(JSON.stringify(copy.toJSON())));
    await again.powerOn();
    await send(again, '00A4040005A000000308');
    expect(await metadataIsDefault(again, '80')).toBe(1);
    expect((await send(again, `0020008008${pinBlock('123456')}`)).sw).toBe(0x9000);
    expect(again.referenceIs('pin', '123456')).toBe(true);
    expect(again.referenceIs('puk', '98765432')).toBe(true);
    expect(again.referenceIs('puk', '12345678')).toBe(false);
  });
});
