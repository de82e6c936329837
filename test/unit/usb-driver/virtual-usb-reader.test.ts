import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRdrToPc, encodePcToRdr, type RdrToPcMessage } from '../../../src/usb-driver/ccid-codec';
import { VirtualCcidReader } from '../../../src/virtual/virtual-token/virtual-usb-reader';
import { FixtureCard, hex, toHex } from './fixtures/fixture-card';

async function poweredReader(level: 'short-apdu' | 'extended-apdu' = 'extended-apdu', max = 271) {
  const reader = new VirtualCcidReader(new FixtureCard(), level, max);
  await reader.handle(encodePcToRdr({ kind: 'IccPowerOn', slot: 0, seq: 0, powerSelect: 0 }));
  return reader;
}

const replyOf = (result: { reply: Uint8Array | null }): RdrToPcMessage => decodeRdrToPc(result.reply as Uint8Array);

describe('virtual CCID reader (the device side of CCID §6)', () => {
  it('answers GetParameters with T=1 protocol data', async () => {
    const reader = await poweredReader();
    const reply = replyOf(await reader.handle(encodePcToRdr({ kind: 'GetParameters', slot: 0, seq: 1 })));
    expect(reply.kind).toBe('Parameters');
    expect(reply.kind === 'Parameters' && toHex(reply.data)).toBe('1110004500FE00');
  });

  it('answers an unknown message type with a failed SlotStatus (command not supported) and ignores a stub', async () => {
    const reader = await poweredReader();
    const reply = replyOf(await reader.handle(hex('99 00000000 00 07 000000')));
    expect(reply).toMatchObject({ kind: 'SlotStatus', seq: 7, status: 0x40, error: 0 });
    expect((await reader.handle(hex('6F00'))).reply).toBeNull();
  });

  it('a short-APDU reader refuses chained blocks, pointing bError at wLevelParameter', async () => {
    const reader = await poweredReader('short-apdu');
    const reply = replyOf(await reader.handle(encodePcToRdr({ kind: 'XfrBlock', slot: 0, seq: 2, bwi: 0, levelParameter: 1, data: hex('00EE0000') })));
    expect(reply).toMatchObject({ kind: 'DataBlock', status: 0x40, error: 8 });
  });

  it('refuses a response continuation when nothing is pending', async () => {
    const reader = await poweredReader();
    const reply = replyOf(await reader.handle(encodePcToRdr({ kind: 'XfrBlock', slot: 0, seq: 3, bwi: 0, levelParameter: 0x10, data: new Uint8Array(0) })));
    expect(reply).toMatchObject({ kind: 'DataBlock', status: 0x40 });
  });

  it('a card not powered is mute (bmICCStatus 1, ICC_MUTE)', async () => {
    const reader = new VirtualCcidReader(new FixtureCard(), 'extended-apdu', 271);
    const reply = replyOf(await reader.handle(encodePcToRdr({ kind: 'XfrBlock', slot: 0, seq: 4, bwi: 0, levelParameter: 0, data: hex('00EE0000') })));
    expect(reply).toMatchObject({ status: 0x41, error: 0xfe });
  });

  it('never throws on any frame, and every reply it gives is a valid RDR_to_PC message (fast-check)', async () => {
    const reader = await poweredReader('extended-apdu', 64);
    const frames = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.record({ seq: fc.nat(255), level: fc.constantFrom(0, 1, 2, 3, 0x10, 7), data: fc.uint8Array({ maxLength: 80 }) }).map(({ seq, level, data }) =>
        encodePcToRdr({ kind: 'XfrBlock', slot: 0, seq, bwi: 0, levelParameter: level, data }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(frames, async (frame) => {
        const { reply } = await reader.handle(frame);
        if (reply) expect(() => decodeRdrToPc(reply)).not.toThrow();
      }),
      { numRuns: 10_000 },
    );
  });
});
