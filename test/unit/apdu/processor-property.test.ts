import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLA_CHAINING, decodeCommand } from '../../../src/apdu/command';
import { bytesEqual } from '../../../src/apdu/hex';
import { ApduProcessor } from '../../../src/apdu/processor';
import { encodeResponse } from '../../../src/apdu/response';
import type { ApduTransport, TransportCapabilities } from '../../../src/apdu/transport';

/**
 * A fake card that reassembles chained commands (ISO 7816-4 §5.1.1.1), answers with the received data
 * reversed, and hands it out in 61xx pieces of at most `piece` bytes (§5.1.3). It checks every command it
 * gets against the link's limits, so a processor that sends an oversized or misordered command fails.
 */
class EchoCard implements ApduTransport {
  private received: number[] = [];
  private pending: Uint8Array = new Uint8Array(0);
  exchanges = 0;

  constructor(
    readonly capabilities: TransportCapabilities,
    private readonly piece: number,
  ) {}

  async exchange(bytes: Uint8Array): Promise<Uint8Array> {
    this.exchanges++;
    if (bytes.length > this.capabilities.maxCommandLength) throw new Error(`command of ${bytes.length} bytes too long`);
    const cmd = decodeCommand(bytes);
    if (!this.capabilities.extendedApdu && bytes.length > 5 && bytes[4] === 0) throw new Error('extended on short link');
    if (cmd.ins === 0xc0) return this.next(cmd.le ?? 0);
    if (this.pending.length > 0) throw new Error('new command while a response is pending');
    this.received.push(...(cmd.data ?? []));
    if (cmd.cla & CLA_CHAINING) return encodeResponse(new Uint8Array(0), 0x9000);
    this.pending = Uint8Array.from(this.received.reverse());
    this.received = [];
    return this.next(cmd.le ?? 0);
  }

  private next(le: number): Uint8Array {
    const size = Math.min(this.piece, le, this.pending.length);
    const out = this.pending.subarray(0, size);
    this.pending = this.pending.slice(size);
    const left = this.pending.length;
    return encodeResponse(out, left === 0 ? 0x9000 : 0x6100 | Math.min(left, this.piece) % 256);
  }

  async close(): Promise<void> {}
}

describe('ApduProcessor property: chaining both ways reassembles exactly', () => {
  it('any data length, link and card piece size round-trips through command and response chaining', async () => {
    const link = fc.oneof(
      fc.record({ extendedApdu: fc.constant(false), maxCommandLength: fc.integer({ min: 16, max: 261 }) }),
      fc.record({ extendedApdu: fc.constant(true), maxCommandLength: fc.integer({ min: 16, max: 70_000 }) }),
    );
    await fc.assert(
      fc.asyncProperty(
        link,
        fc.integer({ min: 1, max: 256 }),
        fc.uint8Array({ minLength: 1, maxLength: 1500 }),
        async (capabilities, piece, data) => {
          const card = new EchoCard(capabilities, piece);
          const reply = await new ApduProcessor(card).send({ cla: 0, ins: 0xdb, p1: 0x3f, p2: 0xff, data, le: 0 });
          expect(bytesEqual(reply, data.slice().reverse())).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
