import { describe, expect, it } from 'vitest';
import type { ApduLayer } from '../../../src/apdu/apdu-layer';
import type { CommandApdu } from '../../../src/apdu/command';
import { fromHex, toHex } from '../../../src/apdu/hex';
import { ApduProcessor } from '../../../src/apdu/processor';
import type { ResponseApdu } from '../../../src/apdu/response';
import { ScriptedTransport, SHORT_LINK } from './scripted-transport';

/**
 * Issue 17 §3: a card with secure messaging adds a layer, not a fork. A toy SM layer (ISO 7816-4 §10.1: CLA
 * bits b4-b3 = 11 mark a protected command) appends a one-byte "MAC" (XOR of the data) to each command and
 * checks and strips the one the card appends. The script proves it wraps every APDU that crosses the link —
 * the GET RESPONSE the 61xx layer above sends included — while the caller sees plain APDUs.
 */
const mac = (bytes: Uint8Array): number => bytes.reduce((a, b) => a ^ b, 0);

class ToySecureMessaging implements ApduLayer {
  readonly plainCommands: string[] = [];
  constructor(private readonly below: ApduLayer) {}

  async transmit(command: CommandApdu): Promise<ResponseApdu> {
    const data = command.data ?? new Uint8Array();
    this.plainCommands.push(`${command.ins.toString(16).toUpperCase()}:${toHex(data)}`);
    const response = await this.below.transmit({ ...command, cla: command.cla | 0x0c, data: new Uint8Array([...data, mac(data)]) });
    if (response.data.length === 0) return response;
    const plain = response.data.slice(0, -1);
    if (response.data.at(-1) !== mac(plain)) throw new Error('MAC mismatch');
    return { data: plain, sw: response.sw };
  }
}

describe('ApduProcessor link layers (issue 17 §3)', () => {
  it('wraps every APDU on the link, GET RESPONSE included; the caller gets the plain, joined answer', async () => {
    const link = new ScriptedTransport(SHORT_LINK, [
      // GET DATA 5FC105 protected: CLA 0C, data 5C035FC105 + MAC (5C^03^5F^C1^05 = C4), Le 00; AABB + MAC 11, 6103.
      ['0CCB3FFF065C035FC105C400', 'AABB116103'],
      // The response-chaining layer's GET RESPONSE, protected too: empty data + MAC 00, Le 03; CCDD + MAC 11.
      ['0CC00000010003', 'CCDD119000'],
    ]);
    let sm: ToySecureMessaging | null = null;
    const processor = new ApduProcessor(link, {
      linkLayers: [
        (below) => {
          sm = new ToySecureMessaging(below);
          return sm;
        },
      ],
    });
    const data = await processor.send({ cla: 0x00, ins: 0xcb, p1: 0x3f, p2: 0xff, data: fromHex('5C035FC105'), le: 0 });
    expect(toHex(data)).toBe('AABBCCDD');
    expect(link.done).toBe(true);
    expect(sm!.plainCommands).toEqual(['CB:5C035FC105', 'C0:']);
  });

  it('layers are applied outermost first, each over the next', async () => {
    const order: string[] = [];
    const tag =
      (name: string) =>
      (below: ApduLayer): ApduLayer => ({
        transmit: (command) => (order.push(name), below.transmit(command)),
      });
    const link = new ScriptedTransport(SHORT_LINK, [['00A4040000', '9000']]);
    await new ApduProcessor(link, { linkLayers: [tag('outer'), tag('inner')] }).send({ cla: 0, ins: 0xa4, p1: 4, p2: 0, le: 0 });
    expect(order).toEqual(['outer', 'inner']);
  });

  it('without injected layers the stack sends the plain command (nothing changes for PIV)', async () => {
    const link = new ScriptedTransport(SHORT_LINK, [['00CB3FFF055C035FC10500', '53009000']]);
    expect(toHex(await new ApduProcessor(link).send({ cla: 0, ins: 0xcb, p1: 0x3f, p2: 0xff, data: fromHex('5C035FC105'), le: 0 }))).toBe('5300');
  });
});
