/**
 * The PKCS#15 emulator on its own, byte for byte (ISO 7816-4 §7 and §11): what OpenSC and the profile both
 * rely on. Raw APDUs, no driver code.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { pkcs15Atr, pkcs15CardFrom, pkcs15TestLayout, PKCS15_AID, type CardLayout, type Pkcs15Card } from '../../../src/virtual/pkcs15-card';

let layout: CardLayout;
beforeAll(async () => {
  layout = await pkcs15TestLayout();
});

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const apdu = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/ /g, ''), 'hex'));
async function send(card: Pkcs15Card, h: string): Promise<{ data: string; sw: string }> {
  const r = await card.transmit(apdu(h));
  return { data: hex(r.subarray(0, r.length - 2)), sw: hex(r.subarray(r.length - 2)) };
}

describe('PKCS#15 emulator: files', () => {
  it('has a valid T=1 ATR (TCK makes the XOR of T0..TCK zero, ISO 7816-3 §8.2.5)', () => {
    const atr = pkcs15Atr();
    expect(atr[0]).toBe(0x3b);
    expect(atr.subarray(1).reduce((x, b) => x ^ b, 0)).toBe(0);
  });

  it('selects the application by AID and answers the FCP with the DF name; by path and by FID too', async () => {
    const card = pkcs15CardFrom(layout);
    const byName = await send(card, `00 a4 04 04 0c ${hex(PKCS15_AID)} 00`);
    expect(byName.sw).toBe('9000');
    expect(byName.data).toMatch(/^62/);
    expect(byName.data).toContain(`840c${hex(PKCS15_AID)}`);
    expect((await send(card, '00 a4 00 0c 02 50 31')).sw).toBe('9000'); // ODF in the current DF
    expect((await send(card, '00 a4 00 0c 02 3f 00')).sw).toBe('9000'); // back to the MF
    expect((await send(card, '00 a4 08 04 04 50 15 50 32 00')).data).toMatch(/^62..8002/); // TokenInfo, size first
    expect((await send(card, '00 a4 09 0c 02 44 01')).sw).toBe('9000'); // from the current DF (5015)
    expect((await send(card, '00 a4 08 0c 04 50 15 99 99')).sw).toBe('6a82');
    expect((await send(card, '00 a4 04 0c 05 a0 00 00 03 08')).sw).toBe('6a82'); // the PIV AID is not here
  });

  it('READ BINARY: 15-bit offsets, 6282 when the file ends before Ne, 6B00 past the end', async () => {
    const card = pkcs15CardFrom(layout);
    await send(card, '00 a4 08 0c 04 50 15 43 01');
    const certificate = layout.keys[0]!.certificate;
    const first = await send(card, '00 b0 00 00 00');
    expect(first).toEqual({ data: hex(certificate.subarray(0, 256)), sw: '9000' });
    const offset = certificate.length - 10;
    const tail = await send(card, `00 b0 ${(offset >> 8).toString(16).padStart(2, '0')} ${(offset & 0xff).toString(16).padStart(2, '0')} 20`);
    expect(tail).toEqual({ data: hex(certificate.subarray(offset)), sw: '6282' });
    const past = certificate.length + 1;
    expect((await send(card, `00 b0 ${(past >> 8).toString(16).padStart(2, '0')} ${(past & 0xff).toString(16).padStart(2, '0')} 10`)).sw).toBe('6b00');
    expect((await send(card, '00 a4 00 0c 02 3f 00')).sw).toBe('9000');
    expect((await send(card, '00 b0 00 00 10')).sw).toBe('6985'); // a DF is not readable
  });

  it('answers 6D00 to any other instruction and 6E00 to a proprietary class: it is no PIV card', async () => {
    const card = pkcs15CardFrom(layout);
    expect((await send(card, '00 47 00 9a 05 ac 03 80 01 11')).sw).toBe('6d00'); // GENERATE ASYMMETRIC KEY PAIR
    expect((await send(card, '00 2c 00 81 00')).sw).toBe('6d00'); // RESET RETRY COUNTER
    expect((await send(card, '80 a4 04 00 00')).sw).toBe('6e00');
  });
});

describe('PKCS#15 emulator: the PIN object (ISO 7816-4 §11.5.6–7)', () => {
  const PIN = '313233343536ffff';

  it('empty VERIFY reads the counter without spending; wrong values count down to 63C0 then 6983', async () => {
    const card = pkcs15CardFrom(layout);
    expect((await send(card, '00 20 00 81')).sw).toBe('63c3');
    expect((await send(card, '00 20 00 81 08 3030303030303030')).sw).toBe('63c2');
    expect((await send(card, '00 20 00 81')).sw).toBe('63c2');
    await send(card, '00 20 00 81 08 3030303030303030');
    expect((await send(card, '00 20 00 81 08 3030303030303030')).sw).toBe('63c0');
    expect((await send(card, `00 20 00 81 08 ${PIN}`)).sw).toBe('6983');
    expect((await send(card, '00 20 00 81')).sw).toBe('6983');
    expect((await send(card, '00 20 00 82')).sw).toBe('6a88'); // no such reference
  });

  it('the right PIN verifies (9000 to the empty VERIFY after), P1=FF and a reset end the verified state', async () => {
    const card = pkcs15CardFrom(layout);
    expect((await send(card, `00 20 00 81 08 ${PIN}`)).sw).toBe('9000');
    expect((await send(card, '00 20 00 81')).sw).toBe('9000');
    expect((await send(card, '00 20 ff 81')).sw).toBe('9000');
    expect((await send(card, '00 20 00 81')).sw).toBe('63c3');
    await send(card, `00 20 00 81 08 ${PIN}`);
    await card.powerOn();
    expect((await send(card, '00 20 00 81')).sw).toBe('63c3');
  });

  it('CHANGE REFERENCE DATA: P1=00 with old and new, P1=01 only after verification', async () => {
    const card = pkcs15CardFrom(layout);
    const next = '3938373635ffffff';
    expect((await send(card, `00 24 01 81 08 ${next}`)).sw).toBe('6982');
    expect((await send(card, `00 24 00 81 10 3030303030303030${next}`)).sw).toBe('63c2');
    expect((await send(card, `00 24 00 81 10 ${PIN}${next}`)).sw).toBe('9000');
    expect((await send(card, `00 20 00 81 08 ${next}`)).sw).toBe('9000');
    expect((await send(card, `00 24 01 81 08 ${PIN}`)).sw).toBe('9000');
    expect((await send(card, `00 20 00 81 08 ${PIN}`)).sw).toBe('9000');
  });
});
