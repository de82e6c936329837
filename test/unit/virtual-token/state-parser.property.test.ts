import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidCardStateError } from '../../../src/virtual/virtual-token/card-state';
import { PivCard } from '../../../src/virtual/virtual-token/piv-card';

const valid = PivCard.create().toJSON();
const ecKey = {
  algorithm: 0x11,
  jwk: { kty: 'EC', crv: 'P-256', x: 'AQ', y: 'Ag', d: 'Aw' },
  pinPolicy: 0,
  touchPolicy: 0,
  origin: 1,
};

/** Valid state with one field replaced by an arbitrary JSON value (or removed). */
const mutatedState = fc
  .tuple(
    fc.constantFrom(...Object.keys(valid), 'keys.9a', 'keys.9a.jwk', 'keys.9a.jwk.kty', 'keys.9a.algorithm', 'objects.7e'),
    fc.oneof(fc.jsonValue(), fc.constant(undefined)),
  )
  .map(([path, value]) => {
    const state = JSON.parse(JSON.stringify({ ...valid, keys: { '9a': ecKey } })) as Record<string, unknown>;
    const parts = path.split('.');
    let target = state;
    for (const part of parts.slice(0, -1)) target = target[part] as Record<string, unknown>;
    target[parts[parts.length - 1]!] = value;
    return state;
  });

describe('card state parser (fast-check)', () => {
  it('loads a state or throws InvalidCardStateError — nothing else — for arbitrary and mutated input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), mutatedState), (input) => {
        try {
          const card = PivCard.fromJSON(input);
          expect(card.toJSON().format).toBe('ukey-virtual-piv/1');
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidCardStateError);
        }
      }),
      { numRuns: 10_000 },
    );
  });

  it('a loaded card with a damaged key still answers with a status word', async () => {
    const card = PivCard.fromJSON({ ...valid, keys: { '9a': ecKey } });
    await card.powerOn();
    await card.transmit(Uint8Array.from(Buffer.from('00A4040005A000000308', 'hex')));
    const reply = await card.transmit(Uint8Array.from(Buffer.from('00F7009A00', 'hex')));
    expect(reply.length).toBeGreaterThanOrEqual(2);
    const sign = await card.transmit(Uint8Array.from([0x00, 0x87, 0x11, 0x9a, 0x26, 0x7c, 0x24, 0x82, 0x00, 0x81, 0x20, ...new Uint8Array(32).fill(1)]));
    expect(Buffer.from(sign).toString('hex')).toBe('6982');
    const pin = Uint8Array.from([0x00, 0x20, 0x00, 0x80, 0x08, ...Buffer.from('123456'), 0xff, 0xff]);
    expect(Buffer.from(await card.transmit(pin)).toString('hex')).toBe('9000');
    // a 1-byte private scalar cannot sign: the card says "incorrect data" instead of throwing
    const again = await card.transmit(Uint8Array.from([0x00, 0x87, 0x11, 0x9a, 0x26, 0x7c, 0x24, 0x82, 0x00, 0x81, 0x20, ...new Uint8Array(32).fill(1)]));
    expect(Buffer.from(again).toString('hex')).toBe('6a80');
  });
});
