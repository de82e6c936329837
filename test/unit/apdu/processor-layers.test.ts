import { describe, expect, it } from 'vitest';
import type { ApduLayer } from '../../../src/apdu/apdu-layer';
import type { CommandApdu } from '../../../src/apdu/command';
import { CommandChainingLayer, encodedLength } from '../../../src/apdu/command-chaining';
import { encodeCommand } from '../../../src/apdu/command';
import { WrongLengthError } from '../../../src/apdu/errors';
import { MalformedApduError } from '../../../src/apdu/format-errors';
import type { ResponseApdu } from '../../../src/apdu/response';
import { ResponseChainingLayer } from '../../../src/apdu/response-chaining';
import { WrongLengthLayer } from '../../../src/apdu/wrong-length';
import fc from 'fast-check';

/** A layer below that answers from a list and records the commands it was given. */
class ListLayer implements ApduLayer {
  readonly seen: CommandApdu[] = [];
  constructor(private readonly answers: ResponseApdu[]) {}
  async transmit(command: CommandApdu): Promise<ResponseApdu> {
    this.seen.push(command);
    const answer = this.answers.shift();
    if (!answer) throw new Error('no more answers');
    return answer;
  }
}

const ok = (data: number[] = []): ResponseApdu => ({ data: Uint8Array.from(data), sw: 0x9000 });
const GET = { cla: 0x00, ins: 0xca, p1: 0, p2: 0, le: 0 };

describe('each processor layer alone', () => {
  it('WrongLengthLayer re-sends once with Le = xx, or refuses for a secret', async () => {
    const below = new ListLayer([{ data: new Uint8Array(0), sw: 0x6c05 }, ok([1, 2, 3, 4, 5])]);
    expect((await new WrongLengthLayer(below, () => false).transmit(GET)).data).toHaveLength(5);
    expect(below.seen.map((c) => c.le)).toEqual([0, 5]);
    const secretBelow = new ListLayer([{ data: new Uint8Array(0), sw: 0x6c05 }]);
    await expect(new WrongLengthLayer(secretBelow, () => true).transmit(GET)).rejects.toBeInstanceOf(WrongLengthError);
    expect(secretBelow.seen).toHaveLength(1);
  });

  it('CommandChainingLayer splits with CLA b5 on all but the last part and stops at a refusal', async () => {
    const below = new ListLayer([ok(), ok(), ok()]);
    const layer = new CommandChainingLayer(below, { extendedApdu: false, maxCommandLength: 261 });
    await layer.transmit({ cla: 0, ins: 0xdb, p1: 0x3f, p2: 0xff, data: new Uint8Array(600) });
    expect(below.seen.map((c) => [c.cla, c.data?.length])).toEqual([[0x10, 255], [0x10, 255], [0, 90]]);
    const refusing = new ListLayer([{ data: new Uint8Array(0), sw: 0x6a80 }]);
    const answer = await new CommandChainingLayer(refusing, { extendedApdu: false, maxCommandLength: 261 }).transmit({ cla: 0, ins: 0xdb, p1: 0, p2: 0, data: new Uint8Array(300) });
    expect(answer.sw).toBe(0x6a80);
    expect(refusing.seen).toHaveLength(1);
  });

  it('ResponseChainingLayer concatenates 61xx rounds with GET RESPONSE under the un-chained CLA', async () => {
    const below = new ListLayer([{ data: Uint8Array.of(1), sw: 0x6102 }, ok([2, 3])]);
    const answer = await new ResponseChainingLayer(below).transmit({ ...GET, cla: 0x10 });
    expect(Array.from(answer.data)).toEqual([1, 2, 3]);
    expect(below.seen[1]).toEqual({ cla: 0, ins: 0xc0, p1: 0, p2: 0, le: 2 });
    const endless = new ListLayer(Array.from({ length: 50 }, () => ({ data: Uint8Array.of(9), sw: 0x6101 })));
    await expect(new ResponseChainingLayer(endless, { maxRounds: 10 }).transmit(GET)).rejects.toBeInstanceOf(MalformedApduError);
    expect(endless.seen.length).toBe(11);
  });

  it('property: encodedLength equals the length encodeCommand produces (10,000 runs)', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.integer({ min: 0, max: 70_000 }), fc.option(fc.integer({ min: 0, max: 65536 })), (extended, size, le) => {
        const command = { cla: 0, ins: 0xdb, p1: 0, p2: 0, data: size ? new Uint8Array(Math.min(size, 65535)) : undefined, le: le ?? undefined };
        let expected: number;
        try {
          expected = encodeCommand(command, { extended }).length;
        } catch (error) {
          expect(error).toBeInstanceOf(MalformedApduError);
          return;
        }
        expect(encodedLength(command, extended)).toBe(expected);
      }),
      { numRuns: 10_000 },
    );
  });
});
