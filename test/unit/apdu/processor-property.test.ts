import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLA_CHAINING, decodeCommand } from '../../../src/apdu/command';
import { MalformedApduError, WrongLengthError } from '../../../src/apdu/errors';
import { bytesEqual } from '../../../src/apdu/hex';
import { ApduProcessor } from '../../../src/apdu/processor';
import { secretInstructions } from '../../../src/apdu/redaction';
import { encodeResponse } from '../../../src/apdu/response';
import type { TransportCapabilities } from '../../../src/apdu/transport';
import { MAX_EMPTY_ROUNDS } from '../../../src/apdu/response-chaining';
import { FakeLink } from './fake-link';

const INS_PUT = 0xdb;
const INS_SECRET = 0x20;
const SW_INCORRECT_DATA = 0x6a80;

interface Behaviour {
  /** The chained part (0-based) the card refuses with 6A80, or null. */
  readonly refusePart: number | null;
  /** The final part is first answered 6Cxx with this xx (1..255), or null. */
  readonly wrongLe: number | null;
  /** Empty 61xx answers before any data. */
  readonly emptyRounds: number;
}

/**
 * A card that reassembles chained commands (ISO 7816-4 §5.1.1.1), answers with the data reversed, in 61xx
 * pieces of at most `piece` bytes (§5.1.3), and misbehaves as told: a refused part, one 6Cxx, empty 6100s. It
 * checks every command against the link's limits and refuses to talk after a refusal or a protocol slip.
 */
class ModelCard extends FakeLink {
  private received: number[] = [];
  private pending: Uint8Array | null = null;
  private emptyLeft: number;
  private wrongLeLeft: boolean;
  private parts = 0;
  commands = 0;
  finals = 0;
  refused = false;

  constructor(capabilities: TransportCapabilities, private readonly piece: number, private readonly behaviour: Behaviour) {
    super(capabilities);
    this.emptyLeft = behaviour.emptyRounds;
    this.wrongLeLeft = behaviour.wrongLe !== null;
  }

  async exchange(bytes: Uint8Array): Promise<Uint8Array> {
    this.commands++;
    if (this.refused) throw new Error('command after the card refused a part');
    if (bytes.length > this.capabilities.maxCommandLength) throw new Error(`command of ${bytes.length} bytes too long`);
    if (!this.capabilities.extendedApdu && bytes.length > 5 && bytes[4] === 0) throw new Error('extended on short link');
    const cmd = decodeCommand(bytes);
    if (cmd.ins === 0xc0) return this.next(cmd.le ?? 0);
    if (this.pending) throw new Error('new command while a response is pending');
    const data = cmd.data ?? new Uint8Array(0);
    if (this.behaviour.refusePart === this.parts++) {
      this.refused = true;
      return encodeResponse(new Uint8Array(0), SW_INCORRECT_DATA);
    }
    if (cmd.cla & CLA_CHAINING) {
      if (cmd.le !== undefined) throw new Error('Le on a chained part');
      this.received.push(...data);
      return encodeResponse(new Uint8Array(0), 0x9000);
    }
    this.finals++;
    if (this.wrongLeLeft) {
      this.wrongLeLeft = false;
      this.parts--; // the re-sent final part is the same part again
      return encodeResponse(new Uint8Array(0), 0x6c00 | this.behaviour.wrongLe!);
    }
    this.pending = Uint8Array.from([...this.received, ...data].reverse());
    this.received = [];
    return this.next(cmd.le ?? 0);
  }

  private next(le: number): Uint8Array {
    const pending = this.pending;
    if (!pending) throw new Error('GET RESPONSE with nothing pending');
    if (this.emptyLeft > 0) {
      this.emptyLeft--;
      return encodeResponse(new Uint8Array(0), 0x6100 | Math.min(pending.length, 255));
    }
    const size = Math.min(this.piece, le === 0 ? 256 : le, pending.length);
    const out = pending.subarray(0, size);
    this.pending = pending.length === size ? null : pending.slice(size);
    const left = this.pending?.length ?? 0;
    return encodeResponse(out, left === 0 ? 0x9000 : 0x6100 | Math.min(left, this.piece) % 256);
  }
}

const link = fc.oneof(
  fc.record({ extendedApdu: fc.constant(false), maxCommandLength: fc.integer({ min: 16, max: 261 }) }),
  fc.record({ extendedApdu: fc.constant(true), maxCommandLength: fc.integer({ min: 16, max: 70_000 }) }),
);
const behaviour = fc.record({
  refusePart: fc.option(fc.integer({ min: 0, max: 12 }), { freq: 3 }),
  wrongLe: fc.option(fc.integer({ min: 1, max: 255 }), { freq: 2 }),
  emptyRounds: fc.integer({ min: 0, max: MAX_EMPTY_ROUNDS + 2 }),
});

describe('ApduProcessor property: the whole stack against a misbehaving card', () => {
  it('chaining both ways, 6Cxx, empty 6100 and mid-chain refusals end exactly as ISO 7816-4 says (10,000 runs)', async () => {
    const redaction = secretInstructions([{ ins: INS_SECRET, commandData: true, responseData: false }]);
    await fc.assert(
      fc.asyncProperty(
        link,
        fc.integer({ min: 1, max: 256 }),
        fc.uint8Array({ minLength: 1, maxLength: 1500 }),
        fc.boolean(),
        behaviour,
        async (capabilities, piece, data, secret, misbehaviour) => {
          const card = new ModelCard(capabilities, piece, misbehaviour);
          const processor = new ApduProcessor(card, { redaction });
          const command = { cla: 0, ins: secret ? INS_SECRET : INS_PUT, p1: 0x3f, p2: 0xff, data, le: 0 };
          const outcome = await processor.transmit(command).then(
            (response) => ({ response }),
            (error: unknown) => ({ error }),
          );
          if (card.refused) {
            // A refused part ends the flow with the card's answer, and nothing more is sent.
            expect(outcome).toEqual({ response: { data: new Uint8Array(0), sw: SW_INCORRECT_DATA } });
            return;
          }
          if (misbehaviour.wrongLe !== null && secret) {
            // A secret is sent once: the 6Cxx ends it, the final part is not sent again.
            expect('error' in outcome && outcome.error).toBeInstanceOf(WrongLengthError);
            expect(card.finals).toBe(1);
            return;
          }
          expect(card.finals).toBe(misbehaviour.wrongLe === null ? 1 : 2);
          if (misbehaviour.emptyRounds > MAX_EMPTY_ROUNDS) {
            expect('error' in outcome && outcome.error).toBeInstanceOf(MalformedApduError);
            return;
          }
          if (!('response' in outcome)) throw outcome.error;
          expect(outcome.response.sw).toBe(0x9000);
          expect(bytesEqual(outcome.response.data, data.slice().reverse())).toBe(true);
        },
      ),
      { numRuns: 10_000 },
    );
  });
});
