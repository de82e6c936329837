import { describe, expect, it } from 'vitest';
import { exchangeApdu } from '../../../src/usb-driver/ccid-chaining';
import type { PcToRdrMessage, RdrToPcMessage } from '../../../src/usb-driver/ccid-codec';
import { MalformedCcidError } from '../../../src/usb-driver/errors';

const dataBlock = (data: Uint8Array, chainParameter: number): RdrToPcMessage => ({
  kind: 'DataBlock', slot: 0, seq: 0, status: 0, error: 0, chainParameter, data,
});

describe('APDU chaining over XfrBlock (CCID §6.1.4, §6.2.1)', () => {
  it('splits a long command into blocks with wLevelParameter 1, 3, 2 and joins a chained response', async () => {
    const sent: Extract<PcToRdrMessage, { kind: 'XfrBlock' }>[] = [];
    const replies = [
      dataBlock(new Uint8Array(0), 0x10),
      dataBlock(new Uint8Array(0), 0x10),
      dataBlock(Uint8Array.of(1, 2), 0x01),
      dataBlock(Uint8Array.of(3), 0x03),
      dataBlock(Uint8Array.of(0x90, 0x00), 0x02),
    ];
    const response = await exchangeApdu(async (message) => {
      if (message.kind === 'XfrBlock') sent.push(message);
      return replies.shift() as RdrToPcMessage;
    }, new Uint8Array(25).fill(7), 10);
    expect(sent.map((m) => [m.levelParameter, m.data.length])).toEqual([[1, 10], [3, 10], [2, 5], [0x10, 0], [0x10, 0]]);
    expect([...response]).toEqual([1, 2, 3, 0x90, 0x00]);
  });

  it('sends a command that fits in one block with level 0', async () => {
    const levels: number[] = [];
    const response = await exchangeApdu(async (message) => {
      if (message.kind === 'XfrBlock') levels.push(message.levelParameter);
      return dataBlock(Uint8Array.of(0x90, 0x00), 0);
    }, new Uint8Array(10), 10);
    expect(levels).toEqual([0]);
    expect([...response]).toEqual([0x90, 0x00]);
  });

  it('refuses an empty block in a response chain (it would never end)', async () => {
    const error = await exchangeApdu(async () => dataBlock(new Uint8Array(0), 0x01), Uint8Array.of(0, 0xca, 0, 0), 64).catch((e: unknown) => e);
    expect((error as MalformedCcidError).reason).toBe('empty-chain-block');
  });

  it('stops a reader whose response chain never ends with MalformedCcidError', async () => {
    let calls = 0;
    const error = await exchangeApdu(async () => {
      calls += 1;
      return dataBlock(new Uint8Array(4096), 0x03);
    }, Uint8Array.of(0, 0xca, 0, 0), 4096).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedCcidError);
    expect((error as MalformedCcidError).reason).toBe('chain-too-long');
    expect(calls).toBeLessThan(20);
  });
});
